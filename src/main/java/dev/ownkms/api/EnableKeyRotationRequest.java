package dev.ownkms.api;

/** The model's {@code EnableKeyRotationRequest}: RotationPeriodInDays 90..2560, default 365. */
public record EnableKeyRotationRequest(String keyId, Integer rotationPeriodInDays)
    implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    v.range("rotationPeriodInDays", rotationPeriodInDays, 90, 2560);
  }
}
