package dev.ownkms.api;

import java.math.BigDecimal;
import java.time.Instant;

/** AWS JSON timestamps: epoch seconds with a fraction (kms-errors.md §1). */
final class Timestamps {

  private Timestamps() { }

  static BigDecimal epochSeconds(Instant instant) {
    return instant == null ? null : BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }
}
