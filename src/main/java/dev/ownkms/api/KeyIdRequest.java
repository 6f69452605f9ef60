package dev.ownkms.api;

/** Requests whose only member is a required {@code KeyId}: EnableKey, DisableKey, CancelKeyDeletion. */
public record KeyIdRequest(String keyId) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
  }
}
