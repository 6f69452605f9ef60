package dev.ownkms.keystore;

import dev.ownkms.error.KmsException.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default key store (origin {@code AWS_KMS}): AES-256 backing keys made with a DRBG, kept
 * sealed by the root key, used unsealed from a bounded cache.
 *
 * <p>Each ciphertext gets its own AES-256-GCM key, derived from the backing key and a fresh
 * 16-byte nonce with HMAC-SHA256 (NIST SP 800-108 counter mode, one block), as AWS KMS does: a
 * backing key can then encrypt far more than the 2^32 messages random 96-bit IVs allow under one
 * GCM key. The AAD is the ciphertext header and the canonical encryption context.
 */
public final class DefaultKeyStore {

  private static final byte[] KDF_LABEL = "OwnKMS ciphertext v1".getBytes(StandardCharsets.UTF_8);
  private static final int KEY_BYTES = 32;

  /*
   * One Cipher and one Mac per thread, initialised afresh for every message: getInstance walks
   * the provider list on each call, about 4% of an Encrypt request in a JFR profile. init()
   * resets all state, and a thread uses its instance for one message at a time.
   */
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(
      () -> instance(() -> Cipher.getInstance("AES/GCM/NoPadding")));
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(
      () -> instance(() -> Mac.getInstance("HmacSHA256")));

  private interface Lookup<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T instance(Lookup<T> lookup) {
    try {
      return lookup.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM and HmacSHA256 are required of every JDK", e);
    }
  }

  private final KeySealer sealer;
  private final SecureRandom random;
  private final BackingKeyCache cache;

  public DefaultKeyStore(KeySealer sealer, SecureRandom random, int cacheCapacity) {
    this.sealer = sealer;
    this.random = random;
    this.cache = new BackingKeyCache(cacheCapacity);
  }

  /**
   * New key material for version {@code version} of a key, sealed for the database. Not cached:
   * the caller calls {@link #committed} once the database holds it, so a write that loses a race
   * never leaves unsaved material in use.
   */
  public NewKeyMaterial generate(String keyId, int version) {
    byte[] raw = randomBytes(KEY_BYTES);
    String materialId = HexFormat.of().formatHex(randomBytes(32));
    byte[] sealed = sealer.seal(raw, sealingContext(keyId, version, materialId));
    BackingKey key = new BackingKey(keyId, version, materialId, new SecretKeySpec(raw, "AES"));
    return new NewKeyMaterial(key, sealed);
  }

  /** Caches material the database now holds, sparing the first use an unseal. */
  public void committed(NewKeyMaterial material) {
    cache.put(material.backingKey());
  }

  /** The backing key of a version, from the cache or unsealed from what {@code load} reads. */
  public BackingKey backingKey(String keyId, int version, Supplier<SealedKeyMaterial> load) {
    return cache.get(keyId, version, () -> unseal(load.get()));
  }

  public byte[] encrypt(BackingKey key, byte[] plaintext, Map<String, String> context) {
    // One DRBG draw for nonce and IV: each draw costs its own hash and state update.
    byte[] fresh = randomBytes(Ciphertext.NONCE_BYTES + Ciphertext.IV_BYTES);
    Ciphertext shape = new Ciphertext(UUID.fromString(key.keyId()), key.version(),
        Arrays.copyOf(fresh, Ciphertext.NONCE_BYTES),
        Arrays.copyOfRange(fresh, Ciphertext.NONCE_BYTES, fresh.length),
        new byte[Ciphertext.TAG_BYTES]);
    try {
      Cipher gcm = gcm(Cipher.ENCRYPT_MODE, key, shape, context);
      // One doFinal over all input: no update() split (pkcs11-softhsm.md §4 JDK pitfall).
      byte[] sealed = gcm.doFinal(plaintext);
      return new Ciphertext(shape.keyId(), shape.backingKeyVersion(), shape.nonce(), shape.iv(),
          sealed).toBytes();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts; any mismatch (tampering, wrong context, wrong key) is InvalidCiphertextException. */
  public byte[] decrypt(BackingKey key, Ciphertext ciphertext, Map<String, String> context) {
    try {
      return gcm(Cipher.DECRYPT_MODE, key, ciphertext, context).doFinal(ciphertext.sealed());
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  public byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Forgets a deleted key's material. */
  public void forget(String keyId) {
    cache.evict(keyId);
  }

  private BackingKey unseal(SealedKeyMaterial material) {
    byte[] raw = sealer.unseal(material.sealed(),
        sealingContext(material.keyId(), material.version(), material.keyMaterialId()));
    return new BackingKey(material.keyId(), material.version(), material.keyMaterialId(),
        new SecretKeySpec(raw, "AES"));
  }

  private static Cipher gcm(int mode, BackingKey key, Ciphertext ciphertext,
      Map<String, String> context) throws GeneralSecurityException {
    Cipher gcm = GCM.get();
    gcm.init(mode, messageKey(key, ciphertext.nonce()),
        new GCMParameterSpec(Ciphertext.TAG_BYTES * 8, ciphertext.iv()));
    gcm.updateAAD(ciphertext.header());
    gcm.updateAAD(EncryptionContexts.canonical(context));
    return gcm;
  }

  /** SP 800-108 KDF in counter mode with HMAC-SHA256: [i=1] || label || 0x00 || nonce || [L=256]. */
  private static SecretKeySpec messageKey(BackingKey key, byte[] nonce)
      throws GeneralSecurityException {
    Mac hmac = HMAC.get();
    hmac.init(new SecretKeySpec(key.key().getEncoded(), "HmacSHA256"));
    hmac.update(ByteBuffer.allocate(4).putInt(1).array());
    hmac.update(KDF_LABEL);
    hmac.update((byte) 0);
    hmac.update(nonce);
    hmac.update(ByteBuffer.allocate(4).putInt(256).array());
    return new SecretKeySpec(hmac.doFinal(), "AES");
  }

  /** Binds a sealed backing key to its row: it cannot be moved to another key or version. */
  private static byte[] sealingContext(String keyId, int version, String materialId) {
    return ("OwnKMS backing key|" + keyId + "|" + version + "|" + materialId)
        .getBytes(StandardCharsets.UTF_8);
  }
}
