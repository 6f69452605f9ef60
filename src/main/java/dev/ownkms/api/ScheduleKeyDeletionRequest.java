package dev.ownkms.api;

/** The model's {@code ScheduleKeyDeletionRequest} (kms-contract.md §2.12). */
public record ScheduleKeyDeletionRequest(String keyId, Integer pendingWindowInDays)
    implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    v.range("pendingWindowInDays", pendingWindowInDays, 1, 365);
  }
}
