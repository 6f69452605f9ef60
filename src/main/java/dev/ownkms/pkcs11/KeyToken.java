package dev.ownkms.pkcs11;

import dev.ownkms.domain.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.SecretKey;

/**
 * A token that holds named AES keys for a program outside the KMS server (the XKS proxy): found by
 * label in a SoftHSM folder or in any vendor's PKCS#11 library, logged in as the user, with
 * SunPKCS11 for the crypto and {@link TokenObjects} for what SunPKCS11 cannot do (explicit key
 * templates, attributes, a disabled mark).
 *
 * <p>PKCS#11 has no "disabled" flag: a disabled key has a token data object beside it (see
 * {@link TokenObjects#setDisabled}), which survives restarts and every process using the token
 * sees.
 *
 * <p>Thread-safe.
 */
public final class KeyToken implements AutoCloseable {

  /** What the proxy needs to know about a secret key of the token. */
  public record KeyAttributes(String label, long keyType, int valueLengthBytes, boolean encrypt,
      boolean decrypt, boolean wrap, boolean unwrap, boolean sign, boolean verify,
      boolean derive, boolean disabled) {

    public boolean isAes() {
      return keyType == TokenObjects.CKK_AES;
    }

    /** {@code AES} for CKK_AES, else {@code CKK_<hex>}: only AES is usable here. */
    public String keyTypeName() {
      return isAes() ? "AES" : "CKK_0x" + Long.toHexString(keyType);
    }
  }

  private final String label;
  private final Pkcs11Library library;
  private final Pkcs11Token token;
  private final TokenObjects objects;
  private final Secret userPin;

  private KeyToken(String label, Pkcs11Library library, Pkcs11Token token, TokenObjects objects,
      Secret userPin) {
    this.label = label;
    this.userPin = userPin;
    this.library = library;
    this.token = token;
    this.objects = objects;
  }

  /**
   * Opens the token so labelled in the SoftHSM folder of {@code directory} (its own {@code
   * softhsm2.conf} and token folder); when {@code create} is set and there is no such token yet,
   * creates it with this user PIN and a random SO PIN kept in {@code <label>.pins} beside it.
   */
  public static KeyToken openSoftHsm(Path directory, String label, Secret userPin,
      boolean create) {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(directory, SoftHsmDirectory.SYSTEM_LIBRARY);
    Pkcs11Library library = softHsm.load();
    if (create && !Pkcs11Token.exists(library, label)) {
      TokenPins pins = new TokenPins(userPin, TokenPins.generate(new SecureRandom()).soPin());
      Path pinFile = softHsm.path().resolve(label + ".pins");
      if (!Files.exists(pinFile)) {
        pins.writeNew(pinFile);
      }
      Pkcs11Token.create(library, label, pins);
    }
    return open(library, label, userPin);
  }

  /**
   * Opens the token so labelled in a PKCS#11 library file (a vendor's {@code .so}); the library
   * is loaded and initialised with OS locking once per process.
   */
  public static KeyToken openLibrary(Path libraryFile, String label, Secret userPin) {
    try {
      return open(VendorLibraries.load(libraryFile, Map.of()), label, userPin);
    } catch (VendorLibraries.LibraryMissingException e) {
      throw new TokenException(e.getMessage(), e);
    }
  }

  /**
   * The SoftHSM folder that {@link #openSoftHsm} uses, loaded again from a fresh copy of the
   * library: the only way a process sees a SoftHSM token folder that was removed and restored
   * (pkcs11-softhsm.md §8). Each call keeps one more copy loaded, so callers do it rarely.
   */
  public static KeyToken reopenSoftHsm(Path directory, String label, Secret userPin) {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(directory, SoftHsmDirectory.SYSTEM_LIBRARY);
    return open(softHsm.loadFreshCopy(), label, userPin);
  }

  /** Whether the SoftHSM folder of {@code directory} has a token folder on disk at all. */
  public static boolean softHsmTokenFolderPresent(Path directory) {
    Path tokens = directory.resolve("softhsm").resolve("tokens");
    try (var entries = Files.list(tokens)) {
      return entries.findAny().isPresent();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static KeyToken open(Pkcs11Library library, String label, Secret userPin) {
    Pkcs11Token token = Pkcs11Token.open(library, label, userPin);
    OptionalLong slot = library.slotOfToken(label);
    if (slot.isEmpty()) {
      throw new TokenException(library + " has no token labelled " + label);
    }
    return new KeyToken(label, library, token,
        new TokenObjects(library, slot.getAsLong(), userPin), userPin);
  }

  public String label() {
    return label;
  }

  /** The SunPKCS11 provider for ciphers over this token's keys. */
  public Provider provider() {
    return token.provider();
  }

  /** The key as a SunPKCS11 key object for {@code Cipher.init}, or empty if there is none. */
  public Optional<SecretKey> secretKey(String keyLabel) {
    Optional<SecretKey> key = token.secretKey(keyLabel);
    if (key.isEmpty() && objects.attributes(keyLabel).isPresent()) {
      // Made after the key store was loaded (by another process, or by us through TokenObjects):
      // SunPKCS11 maps labels once per load.
      token.reload(userPin);
      key = token.secretKey(keyLabel);
    }
    return key;
  }

  public Optional<KeyAttributes> attributes(String keyLabel) {
    return objects.attributes(keyLabel);
  }

  public List<KeyAttributes> keys() {
    return objects.all();
  }

  /** Generates a non-extractable AES-256 token key with exactly these usages. */
  public KeyAttributes generateAes256(String keyLabel, boolean encrypt, boolean decrypt) {
    if (objects.attributes(keyLabel).isPresent()) {
      throw new TokenException("the token " + label + " already has a key labelled " + keyLabel);
    }
    objects.generateAes256(keyLabel, encrypt, decrypt);
    return objects.attributes(keyLabel).orElseThrow(() -> new TokenException(
        "the token " + label + " did not keep the key " + keyLabel));
  }

  /** Disables or enables the key: {@link KeyAttributes#disabled()} then says so. */
  public void setDisabled(String keyLabel, boolean disabled) {
    objects.setDisabled(keyLabel, disabled);
  }

  /** Whether the library still lists an initialised token with this label. */
  public boolean present() {
    try {
      return library.slotOfToken(label).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A random source drawing from the token ({@code C_GenerateRandom}). */
  public java.security.SecureRandom tokenRandom() {
    try {
      return java.security.SecureRandom.getInstance("PKCS11", token.provider());
    } catch (GeneralSecurityException e) {
      throw new TokenException("the token " + label + " offers no random numbers", e);
    }
  }

  @Override
  public void close() {
    objects.close();
  }

  @Override
  public String toString() {
    return "token " + label + " in " + library;
  }
}
