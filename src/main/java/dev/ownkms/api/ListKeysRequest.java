package dev.ownkms.api;

/** The model's {@code ListKeysRequest} (kms-contract.md §2.9). */
public record ListKeysRequest(Integer limit, String marker) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.limitAndMarker(v, limit, marker);
  }
}
