package dev.ownkms.api;

import java.math.BigDecimal;
import java.util.List;

/** The model's {@code ListKeyRotationsResponse}. */
public record ListKeyRotationsResponse(List<Entry> rotations, String nextMarker,
    Boolean truncated) {

  /** The model's {@code RotationsListEntry}. */
  public record Entry(String keyId, String keyMaterialId, String keyMaterialState,
      BigDecimal rotationDate, String rotationType) { }
}
