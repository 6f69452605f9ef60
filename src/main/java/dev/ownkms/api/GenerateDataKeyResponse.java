package dev.ownkms.api;

/** The model's {@code GenerateDataKeyResponse}; KeyId is the key ARN. */
public record GenerateDataKeyResponse(
    byte[] ciphertextBlob, byte[] plaintext, String keyId, String keyMaterialId) {

  @Override
  public String toString() {
    return "GenerateDataKeyResponse[keyId=" + keyId + "]";
  }
}
