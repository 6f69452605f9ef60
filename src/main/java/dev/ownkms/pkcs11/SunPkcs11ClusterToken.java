package dev.ownkms.pkcs11;

import dev.ownkms.domain.Secret;
import dev.ownkms.domain.cloudhsm.ClusterToken;
import dev.ownkms.domain.cloudhsm.ClusterUnavailableException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A cluster's token logged in as {@code kmsuser} through its SunPKCS11 provider.
 *
 * <p>Thread-safe. Ciphers are pooled (a SunPKCS11 cipher holds a session between init and
 * doFinal) and key handles are cached per label. A handle goes stale when the token is logged out
 * or re-initialised ({@code CKR_OBJECT_HANDLE_INVALID}, pkcs11-softhsm.md §2, §8); the operation
 * then drops it, looks the key up again and retries once. Key creation and destruction hold the
 * cluster's lock, so a copy of the token files ({@link ClusterTokens#copyToken}) never sees half a
 * key.
 */
final class SunPkcs11ClusterToken implements ClusterToken {

  private static final String GCM = "AES/GCM/NoPadding"; // unsized: pkcs11-softhsm.md §3 JDK bug
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String clusterId;
  private final String tokenLabel;
  private final Provider provider;
  private final KeyStore keyStore;
  private final ReentrantLock clusterLock;
  private final ConcurrentHashMap<String, SecretKey> keys = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Cipher> ciphers = new ConcurrentLinkedQueue<>();
  private final SecureRandom random;
  private volatile Secret password;
  private volatile boolean closed;

  SunPkcs11ClusterToken(String clusterId, String tokenLabel, Provider provider,
      KeyStore keyStore, Secret password, ReentrantLock clusterLock) {
    this.clusterId = clusterId;
    this.tokenLabel = tokenLabel;
    this.provider = provider;
    this.keyStore = keyStore;
    this.password = password;
    this.clusterLock = clusterLock;
    try {
      this.random = SecureRandom.getInstance("PKCS11", provider);
    } catch (GeneralSecurityException e) {
      throw new TokenException(provider.getName() + " offers no token RNG", e);
    }
  }

  @Override
  public void generateAes256(String label) {
    Objects.requireNonNull(label, "label");
    clusterLock.lock();
    try {
      checkOpen();
      if (lookUp(label).isPresent()) {
        // setEntry would silently replace the key, and with it every ciphertext made under it.
        throw new IllegalStateException("the token " + tokenLabel + " of cluster " + clusterId
            + " already holds a key labelled " + label);
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(256);
      // A session key copied to the token under the label; CKA_TOKEN=true in the template
      // would leave an unlabelled orphan (pkcs11-softhsm.md §3).
      keyStore.setEntry(label, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
      keys.remove(label);
    } catch (GeneralSecurityException | ProviderException e) {
      throw unavailable("cannot generate the key " + label + " in", e);
    } finally {
      clusterLock.unlock();
    }
  }

  @Override
  public boolean containsKey(String label) {
    checkOpen();
    return lookUp(label).isPresent();
  }

  @Override
  public void destroyKey(String label) {
    clusterLock.lock();
    try {
      checkOpen();
      keys.remove(label);
      if (lookUp(label).isPresent()) {
        keyStore.deleteEntry(label);
      }
    } catch (GeneralSecurityException | ProviderException e) {
      throw unavailable("cannot destroy the key " + label + " in", e);
    } finally {
      clusterLock.unlock();
    }
  }

  @Override
  public byte[] randomBytes(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    checkOpen();
    byte[] bytes = new byte[count];
    try {
      random.nextBytes(bytes);
    } catch (ProviderException e) {
      throw unavailable("cannot draw random bytes from", e);
    }
    return bytes;
  }

  @Override
  public byte[] encrypt(String label, byte[] iv, byte[] plaintext, byte[] aad) {
    try {
      return crypt(Cipher.ENCRYPT_MODE, label, iv, plaintext, aad);
    } catch (AEADBadTagException e) {
      throw unavailable("encryption reported a bad tag with the key " + label + " in", e);
    }
  }

  @Override
  public byte[] decrypt(String label, byte[] iv, byte[] sealed, byte[] aad)
      throws AEADBadTagException {
    return crypt(Cipher.DECRYPT_MODE, label, iv, sealed, aad);
  }

  /** Logs in again with a new password (set by the SO) and forgets every key handle. */
  void logInAgain(Secret newPassword) throws IOException, GeneralSecurityException {
    keys.clear();
    char[] chars = newPassword.revealUtf8().toCharArray();
    try {
      keyStore.load(null, chars);
    } finally {
      java.util.Arrays.fill(chars, ' ');
    }
    password = newPassword;
  }

  Secret password() {
    return password;
  }

  Provider provider() {
    return provider;
  }

  /** Destroys every key in the token, as the in-process part of destroying a cluster. */
  void destroyAllKeys() {
    clusterLock.lock();
    try {
      List<String> aliases = new ArrayList<>(Collections.list(keyStore.aliases()));
      for (String alias : aliases) {
        keyStore.deleteEntry(alias);
      }
      keys.clear();
    } catch (GeneralSecurityException | ProviderException e) {
      throw unavailable("cannot destroy the keys of", e);
    } finally {
      clusterLock.unlock();
    }
  }

  /** Ends this session object: later calls fail as disconnected. The caller logs out. */
  void close() {
    closed = true;
    ciphers.clear();
    keys.clear();
  }

  private byte[] crypt(int mode, String label, byte[] iv, byte[] input, byte[] aad)
      throws AEADBadTagException {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(aad, "aad");
    if (iv == null || iv.length != IV_BYTES) {
      throw new IllegalArgumentException("the IV must have " + IV_BYTES + " bytes");
    }
    checkOpen();
    for (int attempt = 1; ; attempt++) {
      SecretKey key = key(label);
      Cipher cipher = borrow();
      try {
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        if (aad.length > 0) {
          cipher.updateAAD(aad);
        }
        // One doFinal over all input: update() + doFinal(tail) drops the tail (§4 JDK bug).
        byte[] output = cipher.doFinal(input);
        ciphers.offer(cipher);
        return output;
      } catch (AEADBadTagException e) {
        // SoftHSM reports a bad tag as CKR_GENERAL_ERROR; the cipher is reusable (§4).
        ciphers.offer(cipher);
        throw e;
      } catch (InvalidAlgorithmParameterException e) {
        throw new IllegalArgumentException("the token refused the IV for the key " + label
            + " (an IV must not be used twice with one key)", e);
      } catch (GeneralSecurityException | ProviderException e) {
        if (attempt == 1 && staleHandle(e)) {
          keys.remove(label, key);
          continue;
        }
        throw unavailable("AES-GCM with the key " + label + " failed in", e);
      }
    }
  }

  private SecretKey key(String label) {
    SecretKey cached = keys.get(label);
    if (cached != null) {
      return cached;
    }
    SecretKey key = lookUp(label).orElseThrow(() -> new ClusterUnavailableException(
        "the key " + label + " is not in the token " + tokenLabel + " of cluster " + clusterId,
        null));
    keys.put(label, key);
    return key;
  }

  /**
   * The key from the token. The key store knows the labels it saw at load and since; a miss
   * reloads it once, in case the token changed underneath (re-initialised, or keys made by
   * another process on a vendor token).
   */
  private Optional<SecretKey> lookUp(String label) {
    try {
      Key key = keyStore.getKey(label, null);
      if (key == null) {
        keyStore.load(null, null); // logged in already: only re-reads the labels
        key = keyStore.getKey(label, null);
      }
      if (key != null && !(key instanceof SecretKey)) {
        throw new ClusterUnavailableException("the object " + label + " in the token "
            + tokenLabel + " of cluster " + clusterId + " is not a secret key", null);
      }
      return Optional.ofNullable((SecretKey) key);
    } catch (IOException | GeneralSecurityException | ProviderException e) {
      throw unavailable("cannot look up the key " + label + " in", e);
    }
  }

  private static boolean staleHandle(Throwable e) {
    return SunPkcs11Errors.is(e, SunPkcs11Errors.CKR_OBJECT_HANDLE_INVALID)
        || SunPkcs11Errors.is(e, SunPkcs11Errors.CKR_KEY_HANDLE_INVALID);
  }

  private Cipher borrow() {
    Cipher cipher = ciphers.poll();
    if (cipher != null) {
      return cipher;
    }
    try {
      return Cipher.getInstance(GCM, provider);
    } catch (GeneralSecurityException e) {
      throw unavailable("no " + GCM + " in", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new ClusterUnavailableException("cluster " + clusterId + " is not connected: its"
          + " session with the token " + tokenLabel + " was closed", null);
    }
  }

  private ClusterUnavailableException unavailable(String what, Throwable e) {
    String reason = closed ? "the session was closed" : SunPkcs11Errors.describe(e);
    return new ClusterUnavailableException(what + " the token " + tokenLabel + " of cluster "
        + clusterId + ": the token no longer answers as expected " + reason, e);
  }

  @Override
  public String toString() {
    return "token " + tokenLabel + " of cluster " + clusterId + " (" + provider.getName() + ")";
  }
}
