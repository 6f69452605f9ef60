package dev.ownkms.api;

import java.math.BigDecimal;

/** The model's {@code ScheduleKeyDeletionResponse}; KeyId is the key ARN. */
public record ScheduleKeyDeletionResponse(
    String keyId, BigDecimal deletionDate, String keyState, Integer pendingWindowInDays) { }
