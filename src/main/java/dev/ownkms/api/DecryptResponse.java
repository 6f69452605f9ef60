package dev.ownkms.api;

/** The model's {@code DecryptResponse}; KeyId is the key ARN. */
public record DecryptResponse(
    String keyId, byte[] plaintext, String encryptionAlgorithm, String keyMaterialId) {

  @Override
  public String toString() {
    return "DecryptResponse[keyId=" + keyId + "]";
  }
}
