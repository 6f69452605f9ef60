package dev.ownkms.api;

/** The model's {@code GenerateDataKeyWithoutPlaintextResponse}; KeyId is the key ARN. */
public record GenerateDataKeyWithoutPlaintextResponse(
    byte[] ciphertextBlob, String keyId, String keyMaterialId) { }
