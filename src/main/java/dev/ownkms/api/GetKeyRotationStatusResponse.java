package dev.ownkms.api;

import java.math.BigDecimal;

/** The model's {@code GetKeyRotationStatusResponse}; KeyId is the key ARN. */
public record GetKeyRotationStatusResponse(
    Boolean keyRotationEnabled, String keyId, Integer rotationPeriodInDays,
    BigDecimal nextRotationDate, BigDecimal onDemandRotationStartDate) { }
