package dev.ownkms.domain;

import dev.ownkms.error.KmsException.DryRunOperationException;
import dev.ownkms.error.KmsException.IncorrectKeyException;
import dev.ownkms.error.KmsException.InvalidCiphertextException;
import dev.ownkms.error.KmsException.InvalidKeyUsageException;
import dev.ownkms.error.KmsException.KMSInvalidStateException;
import dev.ownkms.error.KmsException.ValidationException;
import dev.ownkms.keystore.BackingKey;
import dev.ownkms.keystore.Ciphertext;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.keystore.EncryptionContexts;
import dev.ownkms.keystore.SealedKeyMaterial;
import dev.ownkms.keystore.cloudhsm.TokenCiphertext;
import dev.ownkms.keystore.xks.ExternalCiphertext;
import java.util.Map;

/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey* and GenerateRandom (kms-contract.md §2.14–2.19):
 * key lookup and state rules here, the cryptography in {@link DefaultKeyStore}, a CloudHSM
 * store's token ({@link CloudHsmKeys}) or, around the default store's, an external key store's
 * proxy ({@link ExternalKeys}). DryRun runs every check, then answers DryRunOperationException.
 *
 * <p>With a warm key (metadata and backing key cached) nothing here blocks, so these run on the
 * event loop; a miss stops at its first store read and the request moves to a virtual thread.
 */
public final class CryptoService {

  public static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

  private final KmsStore store;
  private final KeyLookup lookup;
  private final DefaultKeyStore keyStore;
  private final CloudHsmKeys cloudHsmKeys;
  private final ExternalKeys externalKeys;

  public CryptoService(KmsStore store, KeyLookup lookup, DefaultKeyStore keyStore,
      CloudHsmKeys cloudHsmKeys, ExternalKeys externalKeys) {
    this.store = store;
    this.lookup = lookup;
    this.keyStore = keyStore;
    this.cloudHsmKeys = cloudHsmKeys;
    this.externalKeys = externalKeys;
  }

  /** A ciphertext and the key and material that made it. */
  public record Encrypted(KmsKey key, String keyMaterialId, byte[] ciphertext) { }

  /** A plaintext and the key and material that recovered it. */
  public record Decrypted(KmsKey key, String keyMaterialId, byte[] plaintext) { }

  /** What a crypto request names: the key, its context, the algorithm, DryRun. */
  public record Request(String keyId, Map<String, String> context, String algorithm,
      boolean dryRun) {

    public Request {
      if (!EncryptionContexts.wellFormed(context)) {
        throw new ValidationException("EncryptionContext keys and values must be strings of"
            + " well-formed Unicode.");
      }
    }
  }

  public Encrypted encrypt(Caller caller, Request request, byte[] plaintext, String operation) {
    KmsKey key = usableKey(caller, request.keyId(), request.algorithm(), operation);
    requireNoDryRun(request.dryRun());
    return encryptUnder(caller, key, plaintext, request.context(), operation);
  }

  /**
   * DryRun with IGNORE_CIPHERTEXT: the key's checks alone (the same as a real call's), then
   * DryRunOperationException.
   */
  public void dryRunWithoutCiphertext(Caller caller, String keyId, String algorithm,
      String operation) {
    usableKey(caller, keyId, algorithm, operation);
    requireNoDryRun(true);
  }

  /** Decrypt; {@code request.keyId()} may be null (the blob names its key). */
  public Decrypted decrypt(Caller caller, Request request, byte[] blob) {
    return decrypt(caller, request, blob, "Decrypt");
  }

  private Decrypted decrypt(Caller caller, Request request, byte[] blob, String operation) {
    // The first byte names the format, and so where the key's material lives.
    boolean inToken = TokenCiphertext.isTokenBlob(blob);
    ExternalCiphertext external = ExternalCiphertext.isExternalBlob(blob)
        ? ExternalCiphertext.parse(blob) : null;
    Ciphertext ciphertext = inToken || external != null ? null : Ciphertext.parse(blob);
    String blobKeyId = (inToken ? TokenCiphertext.keyId(blob)
        : external != null ? external.keyId() : ciphertext.keyId()).toString();
    KmsKey key;
    if (request.keyId() != null) {
      key = resolve(caller, request.keyId());
      if (!key.keyId().equals(blobKeyId)) {
        throw new IncorrectKeyException();
      }
    } else {
      // A blob naming a key the caller does not have is just an invalid ciphertext.
      key = lookup.find(caller, blobKeyId).orElseThrow(InvalidCiphertextException::new);
    }
    checkUsable(key, request.algorithm(), operation);
    requireNoDryRun(request.dryRun());
    if (inToken != (key.origin() == Origin.AWS_CLOUDHSM)
        || (external != null) != (key.origin() == Origin.EXTERNAL_KEY_STORE)) {
      throw new InvalidCiphertextException();
    }
    if (inToken) {
      return new Decrypted(key, null, cloudHsmKeys.decrypt(caller, key, blob, request.context()));
    }
    if (external != null) {
      return decryptExternal(caller, key, external, request.context(), operation);
    }
    BackingKey backingKey = backingKey(key.keyId(), ciphertext.backingKeyVersion());
    return new Decrypted(key, backingKey.keyMaterialId(),
        keyStore.decrypt(backingKey, ciphertext, request.context()));
  }

  /**
   * The proxy opens the outer layer, the default store the inner one. What the proxy hands back
   * must be this key's inner blob; anything else is the proxy's fault, not the caller's
   * (xks.md §2.6: a KMSInvalidStateException).
   */
  private Decrypted decryptExternal(Caller caller, KmsKey key, ExternalCiphertext blob,
      Map<String, String> context, String operation) {
    byte[] innerBlob = externalKeys.decrypt(caller, key, blob, context, operation);
    try {
      Ciphertext inner = Ciphertext.parse(innerBlob);
      if (!inner.keyId().toString().equals(key.keyId())) {
        throw new InvalidCiphertextException();
      }
      BackingKey backingKey = backingKey(key.keyId(), inner.backingKeyVersion());
      return new Decrypted(key, null, keyStore.decrypt(backingKey, inner, context));
    } catch (InvalidCiphertextException e) {
      throw new KMSInvalidStateException(XksFailures.BAD_CIPHERTEXT_FROM_PROXY);
    }
  }

  /** ReEncrypt: decrypt under the source, encrypt under the destination, both checked first. */
  public ReEncrypted reEncrypt(Caller caller, Request source, Request destination, byte[] blob) {
    KmsKey destinationKey = usableKey(caller, destination.keyId(), destination.algorithm(),
        "ReEncrypt");
    Decrypted decrypted = decrypt(caller, new Request(source.keyId(), source.context(),
        source.algorithm(), false), blob, "ReEncrypt");
    requireNoDryRun(destination.dryRun());
    return new ReEncrypted(decrypted, encryptUnder(caller, destinationKey, decrypted.plaintext(),
        destination.context(), "ReEncrypt"));
  }

  /** The two halves of a ReEncrypt. */
  public record ReEncrypted(Decrypted source, Encrypted destination) { }

  /** A fresh data key and its ciphertext under the KMS key. */
  public record DataKey(byte[] plaintext, Encrypted encrypted) { }

  public DataKey generateDataKey(Caller caller, Request request, int numberOfBytes,
      String operation) {
    KmsKey key = usableKey(caller, request.keyId(), null, operation);
    requireNoDryRun(request.dryRun());
    if (key.origin() == Origin.AWS_CLOUDHSM || key.origin() == Origin.EXTERNAL_KEY_STORE) {
      EventLoop.forbidBlocking("a custom key store");
      byte[] plaintext = keyStore.randomBytes(numberOfBytes);
      return new DataKey(plaintext,
          encryptUnder(caller, key, plaintext, request.context(), operation));
    }
    BackingKey current = currentBackingKey(key);
    byte[] plaintext = keyStore.randomBytes(numberOfBytes);
    return new DataKey(plaintext, new Encrypted(key, current.keyMaterialId(),
        keyStore.encrypt(current, plaintext, request.context())));
  }

  /** From the default store's DRBG, or from a CloudHSM store's token when one is named. */
  public byte[] generateRandom(Caller caller, String customKeyStoreId, int numberOfBytes) {
    if (customKeyStoreId != null) {
      return cloudHsmKeys.randomBytes(caller, customKeyStoreId, numberOfBytes);
    }
    return keyStore.randomBytes(numberOfBytes);
  }

  private KmsKey usableKey(Caller caller, String keyId, String algorithm, String operation) {
    KmsKey key = resolve(caller, keyId);
    checkUsable(key, algorithm, operation);
    return key;
  }

  private KmsKey resolve(Caller caller, String keyId) {
    return lookup.resolve(KeyReference.keyOrAlias(caller, keyId));
  }

  private static void checkUsable(KmsKey key, String algorithm, String operation) {
    key.requireUsableForCrypto();
    if (key.usage() != KeyUsage.ENCRYPT_DECRYPT) {
      throw new InvalidKeyUsageException(key.arn() + " key usage is " + key.usage().name()
          + " which is not valid for " + operation + ".");
    }
    if (algorithm != null && !algorithm.equals(SYMMETRIC_DEFAULT)) {
      throw new InvalidKeyUsageException("Algorithm " + algorithm + " is incompatible with key spec "
          + key.spec().name() + ".");
    }
  }

  private static void requireNoDryRun(boolean dryRun) {
    if (dryRun) {
      throw new DryRunOperationException();
    }
  }

  private Encrypted encryptUnder(Caller caller, KmsKey key, byte[] plaintext,
      Map<String, String> context, String operation) {
    if (key.origin() == Origin.AWS_CLOUDHSM) {
      return new Encrypted(key, null, cloudHsmKeys.encrypt(caller, key, plaintext, context));
    }
    BackingKey current = currentBackingKey(key);
    byte[] blob = keyStore.encrypt(current, plaintext, context);
    if (key.origin() == Origin.EXTERNAL_KEY_STORE) {
      // Double encryption: the default-store blob is the proxy's plaintext (xks.md §2.1).
      return new Encrypted(key, null,
          externalKeys.encrypt(caller, key, blob, context, operation));
    }
    return new Encrypted(key, current.keyMaterialId(), blob);
  }

  private BackingKey currentBackingKey(KmsKey key) {
    return backingKey(key.keyId(), key.material().currentVersion());
  }

  /** From the cache, or unsealed from the store on a miss (which leaves an event loop). */
  private BackingKey backingKey(String keyId, int version) {
    return keyStore.backingKey(keyId, version, () -> sealedMaterial(keyId, version));
  }

  private SealedKeyMaterial sealedMaterial(String keyId, int version) {
    KeyMaterial material = store.read(r -> r.findKeyMaterial(keyId, version))
        .orElseThrow(InvalidCiphertextException::new);
    return new SealedKeyMaterial(keyId, version, material.keyMaterialId(), material.sealed());
  }
}
