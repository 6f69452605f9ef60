package dev.ownkms.domain;

import java.util.Arrays;
import java.util.Optional;

/** A KMS key's state (kms-enums.md), with its wire name. */
public enum KeyState {
  CREATING("Creating"),
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion"),
  PENDING_IMPORT("PendingImport"),
  PENDING_REPLICA_DELETION("PendingReplicaDeletion"),
  UNAVAILABLE("Unavailable"),
  UPDATING("Updating");

  private final String wireName;

  KeyState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<KeyState> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
