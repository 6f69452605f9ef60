package dev.ownkms.api;

/** The model's {@code ReEncryptResponse}; SourceKeyId and KeyId are key ARNs. */
public record ReEncryptResponse(
    byte[] ciphertextBlob, String sourceKeyId, String keyId, String sourceEncryptionAlgorithm,
    String destinationEncryptionAlgorithm, String sourceKeyMaterialId,
    String destinationKeyMaterialId) { }
