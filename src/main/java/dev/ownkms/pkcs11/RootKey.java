package dev.ownkms.pkcs11;

import dev.ownkms.keystore.KeySealer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The root key of the default key store: a non-extractable AES-256 key in the data directory's
 * {@code ownkms-root} SoftHSM token. It seals backing keys for the database with AES-GCM computed
 * inside the token (AES key wrap does not work through SunPKCS11 on SoftHSM, pkcs11-softhsm.md §5).
 *
 * <p>Sealed format: {@code IV (12 bytes) || ciphertext || tag (16 bytes)}.
 *
 * <p>Thread-safe. Ciphers are pooled because a SunPKCS11 cipher object holds a token session
 * between {@code init} and {@code doFinal}; one per call would be correct too, only slower.
 */
public final class RootKey implements KeySealer, AutoCloseable {

  static final String TOKEN_LABEL = "ownkms-root";
  static final String KEY_ALIAS = "ownkms-root-key";
  static final String PIN_FILE = "root-token.pins";

  private static final String GCM = "AES/GCM/NoPadding"; // unsized: pkcs11-softhsm.md §3 JDK bug
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final ReentrantLock OPENING = new ReentrantLock();

  private final Provider provider;
  private final SecretKey key;
  private final SecureRandom random;
  private final ConcurrentLinkedQueue<Cipher> ciphers = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private RootKey(Provider provider, SecretKey key, SecureRandom random) {
    this.provider = provider;
    this.key = key;
    this.random = random;
  }

  /**
   * Opens the root key of a data directory. On first start (no PIN file yet) it creates the
   * SoftHSM folder, random PINs, the {@code ownkms-root} token and the key; later starts reuse
   * them. Any inconsistency (a token without PINs, PINs without a token or key) is refused with a
   * message saying what to do, rather than papered over with a new key: data sealed by the old
   * key would be lost without a word.
   */
  public static RootKey openOrCreate(Path dataDirectory) {
    return openOrCreate(dataDirectory, SoftHsmDirectory.SYSTEM_LIBRARY, new SecureRandom());
  }

  static RootKey openOrCreate(Path dataDirectory, Path systemLibrary, SecureRandom random) {
    // Opening is rare and quick; one at a time means two servers starting on a fresh directory
    // in one process cannot both decide to create the token.
    OPENING.lock();
    try {
      return open(dataDirectory, systemLibrary, random);
    } finally {
      OPENING.unlock();
    }
  }

  private static RootKey open(Path dataDirectory, Path systemLibrary, SecureRandom random) {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDirectory, systemLibrary);
    Pkcs11Library library = softHsm.load();
    Path pinFile = softHsm.path().resolve(PIN_FILE);
    boolean tokenExists = Pkcs11Token.exists(library, TOKEN_LABEL);
    if (!Files.exists(pinFile)) {
      if (tokenExists) {
        throw new TokenException("the token " + TOKEN_LABEL + " in " + softHsm.tokenDirectory()
            + " exists but its PIN file " + pinFile + " is missing; restore that file from a"
            + " backup of this data directory");
      }
      return create(library, pinFile, random);
    }
    if (!tokenExists) {
      throw new TokenException("the data directory " + dataDirectory + " has the PIN file "
          + pinFile + " but SoftHSM (" + library.path() + ") finds no token " + TOKEN_LABEL
          + " in " + softHsm.tokenDirectory() + ": the token folder was removed or was created by a"
          + " different SoftHSM, or the first start was interrupted; restore the data directory"
          + " from a backup, or if it never held keys, delete " + softHsm.path());
    }
    TokenPins pins = TokenPins.read(pinFile);
    Pkcs11Token token;
    try {
      token = Pkcs11Token.open(library, TOKEN_LABEL, pins.userPin());
    } catch (TokenException e) {
      throw new TokenException("cannot open the root token of the data directory " + dataDirectory
          + ": " + e.getMessage() + "; the PIN file " + pinFile + " must be the one created"
          + " with this token (restore both from the same backup)", e);
    }
    SecretKey key = token.secretKey(KEY_ALIAS).orElseThrow(() -> new TokenException(
        "the token " + TOKEN_LABEL + " in " + softHsm.tokenDirectory() + " has no root key "
            + KEY_ALIAS + ": it was deleted, or the first start was interrupted; restore the data"
            + " directory from a backup, or if it never held keys, delete " + softHsm.path()));
    return new RootKey(token.provider(), key, random);
  }

  private static RootKey create(Pkcs11Library library, Path pinFile, SecureRandom random) {
    // PINs first: a token whose PINs were never written could never be opened again.
    TokenPins pins = TokenPins.generate(random);
    pins.writeNew(pinFile);
    Pkcs11Token.create(library, TOKEN_LABEL, pins);
    Pkcs11Token token = Pkcs11Token.open(library, TOKEN_LABEL, pins.userPin());
    return new RootKey(token.provider(), token.generateAes256(KEY_ALIAS), random);
  }

  /** AES-GCM under the root key, in the token, with a fresh random 12-byte IV. */
  @Override
  public byte[] seal(byte[] secret, byte[] associatedData) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    Cipher cipher = borrow();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
      if (associatedData.length > 0) {
        cipher.updateAAD(associatedData);
      }
      // A single doFinal over all input: update() + doFinal(tail) drops the tail (§4 JDK bug).
      byte[] sealed = cipher.doFinal(secret);
      byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      giveBack(cipher);
      return out;
    } catch (GeneralSecurityException e) {
      throw new TokenException("sealing with the root key failed in the token " + TOKEN_LABEL, e);
    }
  }

  /**
   * Reverses {@link #seal}. Throws {@link SealedDataException} when the data is too short, was
   * changed, or the associated data differs.
   */
  @Override
  public byte[] unseal(byte[] sealed, byte[] associatedData) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(associatedData, "associatedData");
    if (sealed.length < IV_BYTES + TAG_BYTES) {
      throw new SealedDataException("sealed data has " + sealed.length + " bytes; at least "
          + (IV_BYTES + TAG_BYTES) + " (IV and tag) are needed");
    }
    Cipher cipher = borrow();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, IV_BYTES));
      if (associatedData.length > 0) {
        cipher.updateAAD(associatedData);
      }
      byte[] secret = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
      giveBack(cipher);
      return secret;
    } catch (AEADBadTagException e) {
      // SoftHSM reports a bad tag as CKR_GENERAL_ERROR, which SunPKCS11 maps to this (§4).
      // The cipher is reusable afterwards.
      giveBack(cipher);
      throw new SealedDataException("sealed data was changed, sealed by another root key, or"
          + " belongs to other associated data", e);
    } catch (GeneralSecurityException e) {
      throw new TokenException("unsealing with the root key failed in the token " + TOKEN_LABEL,
          e);
    }
  }

  /**
   * Stops this instance and drops its pooled ciphers. It does not log out: login state is shared
   * by everything in the process using the token, and a logout would invalidate their key handles
   * (pkcs11-softhsm.md §2). The library stays loaded for a later {@link #openOrCreate}.
   */
  @Override
  public void close() {
    closed = true;
    ciphers.clear();
  }

  private Cipher borrow() {
    if (closed) {
      throw new IllegalStateException("the root key was closed");
    }
    Cipher cipher = ciphers.poll();
    if (cipher != null) {
      return cipher;
    }
    try {
      return Cipher.getInstance(GCM, provider);
    } catch (GeneralSecurityException e) {
      throw new TokenException(provider.getName() + " offers no " + GCM, e);
    }
  }

  private void giveBack(Cipher cipher) {
    if (!closed) {
      ciphers.offer(cipher);
    }
  }

  @Override
  public String toString() {
    return "root key " + KEY_ALIAS + " in " + provider.getName();
  }
}
