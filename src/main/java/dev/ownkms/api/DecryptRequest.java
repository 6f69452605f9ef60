package dev.ownkms.api;

import java.util.List;
import java.util.Map;

/** The model's {@code DecryptRequest} (kms-contract.md §2.15). */
public record DecryptRequest(
    byte[] ciphertextBlob, Map<String, String> encryptionContext, List<String> grantTokens,
    String keyId, String encryptionAlgorithm, Object recipient, Boolean dryRun,
    List<String> dryRunModifiers) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    if (!Members.ignoresCiphertext(dryRun, dryRunModifiers)
        && v.required("ciphertextBlob", ciphertextBlob)) {
      v.blobLength("ciphertextBlob", ciphertextBlob, 1, 6144);
    }
    Members.grantTokens(v, grantTokens);
    v.length("keyId", keyId, 1, 2048);
    v.oneOf("encryptionAlgorithm", encryptionAlgorithm, Members.ENCRYPTION_ALGORITHM);
    Members.dryRunModifiers(v, dryRunModifiers);
  }

  @Override
  public String toString() {
    return "DecryptRequest[keyId=" + keyId + "]";
  }
}
