package dev.ownkms.pkcs11;

import dev.ownkms.domain.Secret;
import dev.ownkms.domain.cloudhsm.ClusterBackend;
import dev.ownkms.domain.cloudhsm.ClusterConnectException;
import dev.ownkms.domain.cloudhsm.ClusterConnectException.Reason;
import dev.ownkms.domain.cloudhsm.ClusterToken;
import dev.ownkms.domain.cloudhsm.TokenLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens of CloudHSM clusters over SunPKCS11 (DESIGN.md "CloudHSM store").
 *
 * <p>A cluster made in the data directory has a SoftHSM of its own in
 * {@code <data-dir>/clusters/<cluster id>/softhsm/}: its own config, token folder and copy of
 * {@code libsofthsm2.so}, so each cluster is a separate library instance with its own
 * {@code C_Initialize} (pkcs11-softhsm.md §1, §8). A token folder deleted or broken under one
 * cluster therefore cannot break the slot list of the root token or of another cluster, and a
 * cluster's token files can be copied for a new cluster before its instance first loads them.
 * A registered cluster's vendor library is loaded once per path ({@link VendorLibraries}).
 *
 * <p>One lock per cluster serialises everything that changes a token (create, copy, login, PIN
 * change, key creation and destruction, destroy); encryption and decryption take no lock. Failed
 * logins are not counted here: SoftHSM never locks a PIN, and the domain counts them.
 */
public final class ClusterTokens implements ClusterBackend {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterTokens.class);
  /** A cluster id becomes a folder name: no separators, no dot-only names. */
  private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final int PASSWORD_LENGTH = 24;
  /** Letters and digits without look-alikes: 24 of them carry ~139 bits. */
  private static final char[] PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

  private final Path clustersDirectory;
  private final Path systemLibrary;
  private final SecureRandom random;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SunPkcs11ClusterToken> sessions =
      new ConcurrentHashMap<>();

  public ClusterTokens(Path dataDirectory) {
    this(dataDirectory, SoftHsmDirectory.SYSTEM_LIBRARY, new SecureRandom());
  }

  ClusterTokens(Path dataDirectory, Path systemLibrary, SecureRandom random) {
    this.clustersDirectory = dataDirectory.resolve("clusters");
    this.systemLibrary = systemLibrary;
    this.random = random;
  }

  @Override
  public TokenPins createToken(String clusterId, String tokenLabel) {
    ReentrantLock lock = lock(clusterId);
    lock.lock();
    try {
      Pkcs11Library library = softHsm(clusterId).load();
      if (library.slotOfToken(tokenLabel).isPresent()) {
        throw new IllegalStateException("cluster " + clusterId + " has a token labelled "
            + tokenLabel + " already");
      }
      long freeSlot = library.freeSlot().orElseThrow(() -> new TokenException(
          library + " offers no free slot for the token of cluster " + clusterId));
      TokenPins pins = new TokenPins(randomPassword(), randomPassword());
      try {
        library.createToken(freeSlot, tokenLabel, pins.soPin(), pins.kmsuserPassword());
      } catch (Pkcs11CallException e) {
        throw new TokenException("cannot create the token " + tokenLabel + " of cluster "
            + clusterId + " with " + library + ": " + e.getMessage(), e);
      }
      return pins;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Copies the source cluster's token files while holding its lock (key creation and destruction
   * in this process take it too), into the new cluster's folder before its library is loaded:
   * SoftHSM reads its token folder once, at {@code C_Initialize}.
   */
  @Override
  public void copyToken(String sourceClusterId, String clusterId) {
    if (sourceClusterId.equals(clusterId)) {
      throw new IllegalArgumentException("a cluster's token cannot be copied onto itself");
    }
    ReentrantLock first = lock(sourceClusterId.compareTo(clusterId) < 0 ? sourceClusterId
        : clusterId);
    ReentrantLock second = lock(sourceClusterId.compareTo(clusterId) < 0 ? clusterId
        : sourceClusterId);
    first.lock();
    second.lock();
    try {
      if (!Files.isDirectory(clusterFolder(sourceClusterId).resolve("softhsm").resolve("tokens"))) {
        throw new TokenException("cluster " + sourceClusterId + " has no token folder in "
            + clustersDirectory + " to copy");
      }
      SoftHsmDirectory source = softHsm(sourceClusterId);
      SoftHsmDirectory target = softHsm(clusterId);
      if (target.isLoaded()) {
        throw new IllegalStateException("the SoftHSM of cluster " + clusterId + " is in use in"
            + " this process already; a token can be copied only into a cluster not used yet");
      }
      TokenFolders.copyInto(source.tokenDirectory(), target.tokenDirectory());
    } finally {
      second.unlock();
      first.unlock();
    }
  }

  @Override
  public ClusterToken connect(String clusterId, TokenLocation location, Secret kmsuserPassword)
      throws ClusterConnectException {
    ReentrantLock lock = lock(clusterId);
    lock.lock();
    try {
      disconnectLocked(clusterId);
      Pkcs11Library library = library(clusterId, location);
      long slot = slot(clusterId, location, library);
      Provider provider = provider(clusterId, library, slot, location.tokenLabel());
      KeyStore keyStore = logIn(clusterId, location.tokenLabel(), provider, kmsuserPassword);
      SunPkcs11ClusterToken token = new SunPkcs11ClusterToken(clusterId, location.tokenLabel(),
          provider, keyStore, kmsuserPassword, lock);
      sessions.put(clusterId, token);
      return token;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<ClusterToken> connected(String clusterId) {
    return Optional.ofNullable(sessions.get(clusterId));
  }

  @Override
  public void disconnect(String clusterId) {
    ReentrantLock lock = lock(clusterId);
    lock.lock();
    try {
      disconnectLocked(clusterId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sets the password with an SO session. The SO cannot log in while the user is (login state is
   * per token), so a connected cluster is logged out for the change and logged in again at once,
   * with the new password, or with the old one if the change failed; calls racing that moment
   * may fail as unavailable.
   */
  @Override
  public void setKmsuserPassword(String clusterId, TokenLocation location, Secret soPin,
      Secret newPassword) throws ClusterConnectException {
    ReentrantLock lock = lock(clusterId);
    lock.lock();
    try {
      Pkcs11Library library = library(clusterId, location);
      long slot = slot(clusterId, location, library);
      Provider provider = provider(clusterId, library, slot, location.tokenLabel());
      SunPkcs11ClusterToken session = sessions.get(clusterId);
      logOut(clusterId, provider);
      boolean changed = false;
      try {
        library.setUserPin(slot, soPin, newPassword);
        changed = true;
      } catch (Pkcs11CallException e) {
        Reason reason = e.returnValue() == Pkcs11CallException.CKR_PIN_INCORRECT
            ? Reason.PIN_INCORRECT
            : e.returnValue() == Pkcs11CallException.CKR_PIN_LOCKED ? Reason.PIN_LOCKED
            : Reason.TOKEN_ERROR;
        throw new ClusterConnectException(reason, "cannot set the kmsuser password of the token "
            + location.tokenLabel() + " of cluster " + clusterId + " as its security officer: "
            + e.getMessage(), e);
      } finally {
        if (session != null) {
          logBackIn(clusterId, session, changed ? newPassword : session.password());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Data-directory cluster: destroys its keys in the token while a session is open (the only
   * in-process wipe without PINs), logs out and deletes its folder. Deleting token files under a
   * loaded SoftHSM breaks that instance's slot list for the rest of the process (§8), but the
   * instance is this cluster's alone and is never used again: its providers are forgotten, and a
   * later connect finds no folder. Registered cluster: only disconnects; a vendor token is never
   * touched.
   */
  @Override
  public void destroy(String clusterId, TokenLocation location) {
    ReentrantLock lock = lock(clusterId);
    lock.lock();
    try {
      SunPkcs11ClusterToken session = sessions.get(clusterId);
      if (session != null && location.inDataDirectory()) {
        try {
          session.destroyAllKeys();
        } catch (RuntimeException e) {
          LOG.warn("Destroying the keys of cluster {} in its token failed; its token files are"
              + " deleted next: {}", clusterId, e.getMessage());
        }
      }
      disconnectLocked(clusterId);
      if (!location.inDataDirectory()) {
        return;
      }
      Path folder = clusterFolder(clusterId);
      if (!Files.isDirectory(folder)) {
        return;
      }
      SoftHsmDirectory softHsm = softHsm(clusterId);
      if (softHsm.isLoaded()) {
        ClusterProviders.forgetLibrary(softHsm.load());
      }
      TokenFolders.delete(folder);
    } finally {
      lock.unlock();
    }
  }

  private void disconnectLocked(String clusterId) {
    SunPkcs11ClusterToken session = sessions.remove(clusterId);
    if (session == null) {
      return;
    }
    session.close();
    try {
      logOut(clusterId, session.provider());
    } catch (ClusterConnectException e) {
      // The next connect logs out again before it logs in.
      LOG.warn("Logging out of the token of cluster {} failed: {}", clusterId, e.getMessage());
    }
  }

  private Pkcs11Library library(String clusterId, TokenLocation location)
      throws ClusterConnectException {
    if (location.inDataDirectory()) {
      Path tokens = clusterFolder(clusterId).resolve("softhsm").resolve("tokens");
      if (!Files.isDirectory(tokens)) {
        throw new ClusterConnectException(Reason.TOKEN_NOT_FOUND, "cluster " + clusterId
            + " has no token folder " + tokens, null);
      }
      try {
        return softHsm(clusterId).load();
      } catch (TokenException e) {
        throw new ClusterConnectException(Reason.LIBRARY_NOT_FOUND, "the SoftHSM of cluster "
            + clusterId + " does not load: " + e.getMessage(), e);
      }
    }
    try {
      return VendorLibraries.load(location.library(), location.environment());
    } catch (VendorLibraries.LibraryMissingException e) {
      throw new ClusterConnectException(Reason.LIBRARY_NOT_FOUND, e.getMessage(), e);
    } catch (TokenException e) {
      throw new ClusterConnectException(Reason.TOKEN_ERROR, e.getMessage(), e);
    }
  }

  private static long slot(String clusterId, TokenLocation location, Pkcs11Library library)
      throws ClusterConnectException {
    OptionalLong slot;
    try {
      slot = library.slotOfToken(location.tokenLabel());
    } catch (Pkcs11CallException e) {
      throw new ClusterConnectException(Reason.TOKEN_ERROR, library + " of cluster " + clusterId
          + " no longer answers: " + e.getMessage(), e);
    }
    if (slot.isEmpty()) {
      throw new ClusterConnectException(Reason.TOKEN_NOT_FOUND, library + " has no token labelled "
          + location.tokenLabel() + " (cluster " + clusterId + ")", null);
    }
    return slot.getAsLong();
  }

  private static Provider provider(String clusterId, Pkcs11Library library, long slot,
      String tokenLabel) throws ClusterConnectException {
    try {
      return ClusterProviders.forToken(library, slot, tokenLabel);
    } catch (TokenException e) {
      throw new ClusterConnectException(Reason.TOKEN_ERROR, e.getMessage() + " (cluster "
          + clusterId + ")", e);
    }
  }

  /**
   * Logs out first: SunPKCS11 skips {@code C_Login} when the token is logged in already, which
   * would let any password through (pkcs11-softhsm.md §2). Then logs in through a fresh key store,
   * which also reads the labels now in the token.
   */
  private static KeyStore logIn(String clusterId, String tokenLabel, Provider provider,
      Secret password) throws ClusterConnectException {
    logOut(clusterId, provider);
    char[] chars = password.revealUtf8().toCharArray();
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
      keyStore.load(null, chars);
      return keyStore;
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      String code = SunPkcs11Errors.returnCode(e).orElse("");
      Reason reason = switch (code) {
        case SunPkcs11Errors.CKR_PIN_INCORRECT -> Reason.PIN_INCORRECT;
        case SunPkcs11Errors.CKR_PIN_LOCKED -> Reason.PIN_LOCKED;
        case SunPkcs11Errors.CKR_USER_PIN_NOT_INITIALIZED -> Reason.USER_NOT_INITIALIZED;
        default -> Reason.TOKEN_ERROR;
      };
      String what = switch (reason) {
        case PIN_INCORRECT -> "refused the kmsuser password";
        case PIN_LOCKED -> "has locked the kmsuser";
        case USER_NOT_INITIALIZED -> "has no crypto user: its user PIN was never set";
        default -> "refused the login";
      };
      throw new ClusterConnectException(reason, "the token " + tokenLabel + " of cluster "
          + clusterId + " " + what + " " + SunPkcs11Errors.describe(e), e);
    } finally {
      Arrays.fill(chars, ' ');
    }
  }

  private static void logOut(String clusterId, Provider provider) throws ClusterConnectException {
    try {
      ((AuthProvider) provider).logout();
    } catch (LoginException | ProviderException e) {
      throw new ClusterConnectException(Reason.TOKEN_ERROR, "cannot log out of the token of"
          + " cluster " + clusterId + " " + SunPkcs11Errors.describe(e), e);
    }
  }

  private static void logBackIn(String clusterId, SunPkcs11ClusterToken session,
      Secret password) {
    try {
      session.logInAgain(password);
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      LOG.warn("Cluster {} could not log in again after its kmsuser password was set; its"
          + " session stays logged out until the next connect: {}", clusterId,
          SunPkcs11Errors.describe(e));
    }
  }

  private SoftHsmDirectory softHsm(String clusterId) {
    return SoftHsmDirectory.in(clusterFolder(clusterId), systemLibrary);
  }

  private Path clusterFolder(String clusterId) {
    if (!CLUSTER_ID.matcher(clusterId).matches()) {
      throw new IllegalArgumentException("a cluster id must be 1 to 128 letters, digits, '.', '_'"
          + " or '-', starting with a letter or digit: " + clusterId);
    }
    return clustersDirectory.resolve(clusterId);
  }

  private ReentrantLock lock(String clusterId) {
    clusterFolder(clusterId); // validates the id before anything is keyed by it
    return locks.computeIfAbsent(clusterId, id -> new ReentrantLock());
  }

  private Secret randomPassword() {
    char[] chars = new char[PASSWORD_LENGTH];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)];
    }
    Secret password = Secret.of(new String(chars));
    Arrays.fill(chars, ' ');
    return password;
  }

  @Override
  public String toString() {
    return "cluster tokens in " + clustersDirectory;
  }
}
