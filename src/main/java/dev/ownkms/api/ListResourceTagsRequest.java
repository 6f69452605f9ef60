package dev.ownkms.api;

/** The model's {@code ListResourceTagsRequest} (kms-contract.md §2.26). */
public record ListResourceTagsRequest(String keyId, Integer limit, String marker)
    implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    Members.limitAndMarker(v, limit, marker);
  }
}
