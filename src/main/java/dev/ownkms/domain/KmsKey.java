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
 * @param store the custom key store holding the key, as last read; null for default-store keys
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
    StoreLink store,
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

  /**
   * Where a custom-key-store key lives, read with the key: its store's id, the store's current
   * cluster (CloudHSM), the external key behind it (external store), and whether the store is
   * connected.
   */
  public record StoreLink(String customKeyStoreId, String cloudHsmClusterId, String xksKeyId,
      boolean connected) {

    public StoreLink {
      Objects.requireNonNull(customKeyStoreId);
    }
  }

  public String arn() {
    return owner.keyArn(keyId);
  }

  public String customKeyStoreId() {
    return store == null ? null : store.customKeyStoreId();
  }

  /** The external key's id in its proxy; null unless the key is in an external key store. */
  public String xksKeyId() {
    return store == null ? null : store.xksKeyId();
  }

  /**
   * The state callers see. A key of a store that is not connected is {@code Unavailable}, except
   * while pending deletion; its own state is kept and comes back on reconnect (kms-contract.md §1.2).
   */
  public KeyState effectiveState() {
    if (store != null && !store.connected() && state != KeyState.PENDING_DELETION) {
      return KeyState.UNAVAILABLE;
    }
    return state;
  }

  public boolean enabled() {
    return effectiveState() == KeyState.ENABLED;
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
        deletionDate, store, newMaterial);
  }

  public KmsKey withDescription(String newDescription) {
    requireNotPendingDeletion();
    return new KmsKey(keyId, owner, creationDate, newDescription, spec, usage, origin, state,
        deletionDate, store, material);
  }

  /**
   * Cryptographic operations need an Enabled key (or one being updated); other states answer with
   * AWS's texts (kms-contract.md §1.3): Disabled is DisabledException, the rest invalid state.
   */
  public void requireUsableForCrypto() {
    switch (effectiveState()) {
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
        newDeletionDate, store, material);
  }
}
