package dev.ownkms.api;

/** The model's {@code ListAliasesRequest} (kms-contract.md §2.21). */
public record ListAliasesRequest(String keyId, Integer limit, String marker) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    v.length("keyId", keyId, 1, 2048);
    Members.limitAndMarker(v, limit, marker);
  }
}
