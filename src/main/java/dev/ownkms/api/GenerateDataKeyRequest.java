package dev.ownkms.api;

import java.util.List;
import java.util.Map;

/**
 * The model's {@code GenerateDataKeyRequest} and {@code GenerateDataKeyWithoutPlaintextRequest}
 * (kms-contract.md §2.17–2.18); the second has no Recipient.
 */
public record GenerateDataKeyRequest(
    String keyId, Map<String, String> encryptionContext, Integer numberOfBytes, String keySpec,
    List<String> grantTokens, Object recipient, Boolean dryRun) implements KmsRequest {

  static final WireEnum DATA_KEY_SPEC = WireEnum.of(List.of("AES_256", "AES_128"));

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    v.range("numberOfBytes", numberOfBytes, 1, 1024);
    v.oneOf("keySpec", keySpec, DATA_KEY_SPEC);
    Members.grantTokens(v, grantTokens);
  }
}
