package dev.ownkms.api;

import java.util.List;
import java.util.Map;

/** The model's {@code ReEncryptRequest} (kms-contract.md §2.16). */
public record ReEncryptRequest(
    byte[] ciphertextBlob, Map<String, String> sourceEncryptionContext, String sourceKeyId,
    String destinationKeyId, Map<String, String> destinationEncryptionContext,
    String sourceEncryptionAlgorithm, String destinationEncryptionAlgorithm,
    List<String> grantTokens, Boolean dryRun, List<String> dryRunModifiers)
    implements KmsRequest {

  @Override
  public void validate(Violations v) {
    if (!Members.ignoresCiphertext(dryRun, dryRunModifiers)
        && v.required("ciphertextBlob", ciphertextBlob)) {
      v.blobLength("ciphertextBlob", ciphertextBlob, 1, 6144);
    }
    v.length("sourceKeyId", sourceKeyId, 1, 2048);
    Members.keyId(v, "destinationKeyId", destinationKeyId);
    v.oneOf("sourceEncryptionAlgorithm", sourceEncryptionAlgorithm,
        Members.ENCRYPTION_ALGORITHM);
    v.oneOf("destinationEncryptionAlgorithm", destinationEncryptionAlgorithm,
        Members.ENCRYPTION_ALGORITHM);
    Members.grantTokens(v, grantTokens);
    Members.dryRunModifiers(v, dryRunModifiers);
  }
}
