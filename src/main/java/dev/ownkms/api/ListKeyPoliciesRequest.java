package dev.ownkms.api;

/** The model's {@code ListKeyPoliciesRequest}. */
public record ListKeyPoliciesRequest(String keyId, Integer limit, String marker)
    implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    Members.limitAndMarker(v, limit, marker);
  }
}
