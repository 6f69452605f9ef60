package dev.ownkms.domain;

import java.time.Instant;

/**
 * A key's material and rotation: which backing-key version encrypts now, and when (if ever) the
 * key rotates next.
 *
 * @param rotationPeriodDays null while automatic rotation is off
 * @param nextRotationDate null while automatic rotation is off
 * @param onDemandRotations on-demand rotations so far (AWS allows 10 per key)
 */
public record MaterialState(
    int currentVersion, String currentKeyMaterialId, Integer rotationPeriodDays,
    Instant nextRotationDate, int onDemandRotations) {

  public boolean rotationEnabled() {
    return rotationPeriodDays != null;
  }

  MaterialState rotatedTo(int version, String keyMaterialId, boolean onDemand, Instant now) {
    Instant next = rotationEnabled() && !onDemand
        ? now.plus(java.time.Duration.ofDays(rotationPeriodDays)) : nextRotationDate;
    return new MaterialState(version, keyMaterialId, rotationPeriodDays, next,
        onDemandRotations + (onDemand ? 1 : 0));
  }

  MaterialState withRotation(Integer periodDays, Instant next) {
    return new MaterialState(currentVersion, currentKeyMaterialId, periodDays, next,
        onDemandRotations);
  }
}
