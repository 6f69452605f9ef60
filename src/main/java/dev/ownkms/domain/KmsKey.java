package dev.ownkms.domain;

import dev.ownkms.error.KmsException.DisabledException;
import dev.ownkms.error.KmsException.KMSInvalidStateException;
import java.time.Instant;
import java.util.Objects;

/**
 * A KMS key's metadata, immutable. State changes return a new key or refuse with AWS's
 * {@code KMSInvalidStateException} text (kms-contract.md §1.3).
 *
 * @param deletionDate set only in {@link KeyState#PENDING_DELETION}
 * @param customKeyStoreId set only for keys in a custom key store
 * @param material the key's current material and rotation; null for keys without material
 */
public record KmsKey(
    String keyId,
    Caller owner,
    Instant creationDate,
    String description,
    KeySpec spec,
    KeyUsage usage,
    Origin origin,
    KeyState state,
    Instant deletionDate,
    String customKeyStoreId,
    MaterialState material) {

  public KmsKey {
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(owner);
    Objects.requireNonNull(creationDate);
    Objects.requireNonNull(description);
    Objects.requireNonNull(spec);
    Objects.requireNonNull(usage);
    Objects.requireNonNull(origin);
    Objects.requireNonNull(state);
    if ((state == KeyState.PENDING_DELETION) != (deletionDate != null)) {
      throw new IllegalArgumentException("deletionDate goes with PendingDeletion alone");
    }
  }

  public String arn() {
    return owner.keyArn(keyId);
  }

  public boolean enabled() {
    return state == KeyState.ENABLED;
  }

  /** EnableKey: allowed from Enabled (no change) and Disabled. */
  public KmsKey enable() {
    requireManageable();
    return withState(KeyState.ENABLED, null);
  }

  /** DisableKey: allowed from Disabled (no change) and Enabled. */
  public KmsKey disable() {
    requireManageable();
    return withState(KeyState.DISABLED, null);
  }

  /** ScheduleKeyDeletion: any state but PendingDeletion and Updating. */
  public KmsKey scheduleDeletion(Instant when) {
    switch (state) {
      case PENDING_DELETION, PENDING_REPLICA_DELETION -> throw invalidState("is pending deletion.");
      case UPDATING -> throw invalidState("is updating.");
      default -> { }
    }
    return withState(KeyState.PENDING_DELETION, when);
  }

  /** CancelKeyDeletion: the key becomes Disabled, never its state before scheduling. */
  public KmsKey cancelDeletion() {
    if (state != KeyState.PENDING_DELETION && state != KeyState.PENDING_REPLICA_DELETION) {
      throw invalidState("is not pending deletion.");
    }
    return withState(KeyState.DISABLED, null);
  }

  public KmsKey withMaterial(MaterialState newMaterial) {
    return new KmsKey(keyId, owner, creationDate, description, spec, usage, origin, state,
        deletionDate, customKeyStoreId, newMaterial);
  }

  public KmsKey withDescription(String newDescription) {
    requireNotPendingDeletion();
    return new KmsKey(keyId, owner, creationDate, newDescription, spec, usage, origin, state,
        deletionDate, customKeyStoreId, material);
  }

  /**
   * Cryptographic operations need an Enabled key (or one being updated); other states answer with
   * AWS's texts (kms-contract.md §1.3): Disabled is DisabledException, the rest invalid state.
   */
  public void requireUsableForCrypto() {
    switch (state) {
      case ENABLED, UPDATING -> { }
      case DISABLED -> throw new DisabledException(arn() + " is disabled.");
      case PENDING_DELETION, PENDING_REPLICA_DELETION -> throw invalidState("is pending deletion.");
      case PENDING_IMPORT -> throw invalidState("is pending import.");
      case UNAVAILABLE -> throw invalidState("is unavailable.");
      case CREATING -> throw invalidState("is creating.");
    }
  }

  /** Aliases, tags and descriptions cannot change on a key that is being deleted. */
  public void requireNotPendingDeletion() {
    if (state == KeyState.PENDING_DELETION || state == KeyState.PENDING_REPLICA_DELETION) {
      throw invalidState("is pending deletion.");
    }
  }

  private void requireManageable() {
    switch (state) {
      case PENDING_DELETION, PENDING_REPLICA_DELETION -> throw invalidState("is pending deletion.");
      case PENDING_IMPORT -> throw invalidState("is pending import.");
      case CREATING -> throw invalidState("is creating.");
      case UPDATING -> throw invalidState("is updating.");
      default -> { }
    }
  }

  private KMSInvalidStateException invalidState(String what) {
    return new KMSInvalidStateException(arn() + " " + what);
  }

  private KmsKey withState(KeyState newState, Instant newDeletionDate) {
    return new KmsKey(keyId, owner, creationDate, description, spec, usage, origin, newState,
        newDeletionDate, customKeyStoreId, material);
  }
}
