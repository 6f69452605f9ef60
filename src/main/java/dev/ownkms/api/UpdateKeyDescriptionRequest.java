package dev.ownkms.api;

/** The model's {@code UpdateKeyDescriptionRequest}: both members required, description 0..8192. */
public record UpdateKeyDescriptionRequest(String keyId, String description) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    if (v.required("description", description)) {
      Members.description(v, description);
    }
  }
}
