package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.CryptoService;
import dev.ownkms.domain.CryptoService.DataKey;
import dev.ownkms.domain.CryptoService.Decrypted;
import dev.ownkms.domain.CryptoService.Encrypted;
import dev.ownkms.domain.CryptoService.ReEncrypted;
import dev.ownkms.domain.CryptoService.Request;
import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
import dev.ownkms.error.KmsException.ValidationException;

/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom (§2.14–2.19). */
public final class CryptoApi {

  private static final String SYMMETRIC_DEFAULT = CryptoService.SYMMETRIC_DEFAULT;

  private final CryptoService crypto;

  public CryptoApi(CryptoService crypto) {
    this.crypto = crypto;
  }

  public EncryptResponse encrypt(Caller caller, EncryptRequest request) {
    Encrypted encrypted = crypto.encrypt(caller, new Request(request.keyId(),
        request.encryptionContext(), request.encryptionAlgorithm(), isTrue(request.dryRun())),
        request.plaintext(), "Encrypt");
    return new EncryptResponse(encrypted.ciphertext(), encrypted.key().arn(), SYMMETRIC_DEFAULT);
  }

  public DecryptResponse decrypt(Caller caller, DecryptRequest request) {
    requireNoRecipient(request.recipient());
    if (Members.ignoresCiphertext(request.dryRun(), request.dryRunModifiers())) {
      dryRunWithoutCiphertext(caller, request.keyId(), "keyId", request.encryptionAlgorithm(),
          "Decrypt");
    }
    Decrypted decrypted = crypto.decrypt(caller, new Request(request.keyId(),
        request.encryptionContext(), request.encryptionAlgorithm(), isTrue(request.dryRun())),
        request.ciphertextBlob());
    return new DecryptResponse(decrypted.key().arn(), decrypted.plaintext(), SYMMETRIC_DEFAULT,
        decrypted.keyMaterialId());
  }

  public ReEncryptResponse reEncrypt(Caller caller, ReEncryptRequest request) {
    Request destination = new Request(request.destinationKeyId(),
        request.destinationEncryptionContext(), request.destinationEncryptionAlgorithm(),
        isTrue(request.dryRun()));
    if (Members.ignoresCiphertext(request.dryRun(), request.dryRunModifiers())) {
      dryRunWithoutCiphertext(caller, request.sourceKeyId(), "sourceKeyId",
          request.sourceEncryptionAlgorithm(), "ReEncrypt");
    }
    ReEncrypted result = crypto.reEncrypt(caller, new Request(request.sourceKeyId(),
        request.sourceEncryptionContext(), request.sourceEncryptionAlgorithm(), false),
        destination, request.ciphertextBlob());
    return new ReEncryptResponse(result.destination().ciphertext(),
        result.source().key().arn(), result.destination().key().arn(), SYMMETRIC_DEFAULT,
        SYMMETRIC_DEFAULT, result.source().keyMaterialId(),
        result.destination().keyMaterialId());
  }

  public GenerateDataKeyResponse generateDataKey(Caller caller, GenerateDataKeyRequest request) {
    requireNoRecipient(request.recipient());
    DataKey dataKey = dataKey(caller, request, "GenerateDataKey");
    Encrypted encrypted = dataKey.encrypted();
    return new GenerateDataKeyResponse(encrypted.ciphertext(), dataKey.plaintext(),
        encrypted.key().arn(), encrypted.keyMaterialId());
  }

  public GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(
      Caller caller, GenerateDataKeyRequest request) {
    Encrypted encrypted = dataKey(caller, request, "GenerateDataKeyWithoutPlaintext").encrypted();
    return new GenerateDataKeyWithoutPlaintextResponse(encrypted.ciphertext(),
        encrypted.key().arn(), encrypted.keyMaterialId());
  }

  public GenerateRandomResponse generateRandom(Caller caller, GenerateRandomRequest request) {
    requireNoRecipient(request.recipient());
    if (request.numberOfBytes() == null) {
      throw new ValidationException("NumberOfBytes is required.");
    }
    return new GenerateRandomResponse(crypto.generateRandom(caller, request.customKeyStoreId(),
        request.numberOfBytes()));
  }

  /** KeySpec xor NumberOfBytes (kms-contract.md §2.17); AES_256 is 32 bytes, AES_128 16. */
  private DataKey dataKey(Caller caller, GenerateDataKeyRequest request, String operation) {
    if ((request.keySpec() == null) == (request.numberOfBytes() == null)) {
      throw new ValidationException("Please specify either number of bytes or key spec.");
    }
    int bytes = request.numberOfBytes() != null ? request.numberOfBytes()
        : request.keySpec().equals("AES_128") ? 16 : 32;
    return crypto.generateDataKey(caller, new Request(request.keyId(),
        request.encryptionContext(), null, isTrue(request.dryRun())), bytes, operation);
  }

  /** DryRun with IGNORE_CIPHERTEXT checks only the key, which must then be named. */
  private void dryRunWithoutCiphertext(Caller caller, String keyId, String member,
      String algorithm, String operation) {
    if (keyId == null) {
      throw new ValidationException("1 validation error detected: Value null at '" + member
          + "' failed to satisfy constraint: Member must not be null");
    }
    crypto.dryRunWithoutCiphertext(caller, keyId, algorithm, operation);
  }

  private static void requireNoRecipient(Object recipient) {
    if (recipient != null) {
      throw new KmsUnsupportedOperationException(
          "OwnKMS does not support Recipient (Nitro Enclaves attestation) yet.");
    }
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }
}
