package dev.ownkms.api;

import java.util.List;
import java.util.Map;

/** The model's {@code EncryptRequest} (kms-contract.md §2.14). */
public record EncryptRequest(
    String keyId, byte[] plaintext, Map<String, String> encryptionContext,
    List<String> grantTokens, String encryptionAlgorithm, Boolean dryRun) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    if (v.required("plaintext", plaintext)) {
      v.blobLength("plaintext", plaintext, 1, 4096);
    }
    Members.grantTokens(v, grantTokens);
    v.oneOf("encryptionAlgorithm", encryptionAlgorithm, Members.ENCRYPTION_ALGORITHM);
  }

  @Override
  public String toString() {
    return "EncryptRequest[keyId=" + keyId + "]";
  }
}
