package dev.ownkms.api;

import java.util.List;

/** The model's {@code DescribeKeyRequest} (kms-contract.md §2.8). */
public record DescribeKeyRequest(String keyId, List<String> grantTokens) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    Members.grantTokens(v, grantTokens);
  }
}
