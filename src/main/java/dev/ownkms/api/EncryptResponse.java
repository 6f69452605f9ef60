package dev.ownkms.api;

/** The model's {@code EncryptResponse}; KeyId is the key ARN. */
public record EncryptResponse(byte[] ciphertextBlob, String keyId, String encryptionAlgorithm) { }
