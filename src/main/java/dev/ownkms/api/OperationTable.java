package dev.ownkms.api;

import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
import dev.ownkms.error.KmsException.UnknownOperationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@code X-Amz-Target} values to operations. Immutable once built. A real KMS operation that
 * OwnKMS does not serve yet answers {@code UnsupportedOperationException} saying so; any other
 * target is {@code UnknownOperationException}, as AWS answers it.
 */
public final class OperationTable {

  public static final String TARGET_PREFIX = "TrentService.";
  /** The admin API's targets (DESIGN.md "Admin commands"): {@code ownkms cluster …} calls them. */
  public static final String ADMIN_PREFIX = "OwnKmsAdmin.";

  /** Every operation of the KMS model, served or not. */
  static final List<String> KMS_OPERATIONS = List.of(
      "CancelKeyDeletion", "ConnectCustomKeyStore", "CreateAlias", "CreateCustomKeyStore",
      "CreateGrant", "CreateKey", "Decrypt", "DeleteAlias", "DeleteCustomKeyStore",
      "DeleteImportedKeyMaterial", "DeriveSharedSecret", "DescribeCustomKeyStores", "DescribeKey",
      "DisableKey", "DisableKeyRotation", "DisconnectCustomKeyStore", "EnableKey",
      "EnableKeyRotation", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
      "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac",
      "GenerateRandom", "GetKeyPolicy", "GetKeyRotationStatus", "GetParametersForImport",
      "GetPublicKey", "ImportKeyMaterial", "ListAliases", "ListGrants", "ListKeyPolicies",
      "ListKeyRotations", "ListKeys", "ListResourceTags", "ListRetirableGrants", "PutKeyPolicy",
      "ReEncrypt", "ReplicateKey", "RetireGrant", "RevokeGrant", "RotateKeyOnDemand",
      "ScheduleKeyDeletion", "Sign", "TagResource", "UntagResource", "UpdateAlias",
      "UpdateCustomKeyStore", "UpdateKeyDescription", "UpdatePrimaryRegion", "Verify",
      "VerifyMac");

  private final Map<String, Operation<?>> byTarget;

  private OperationTable(Map<String, Operation<?>> byTarget) {
    this.byTarget = Map.copyOf(byTarget);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The operation a target names; throws AWS's error for anything it does not serve. */
  public Operation<?> lookup(String target) {
    if (target == null) {
      throw new UnknownOperationException();
    }
    Operation<?> operation = byTarget.get(target);
    if (operation != null) {
      return operation;
    }
    Optional<String> known = Optional.of(target)
        .filter(t -> t.startsWith(TARGET_PREFIX))
        .map(t -> t.substring(TARGET_PREFIX.length()))
        .filter(KMS_OPERATIONS::contains);
    if (known.isPresent()) {
      throw new KmsUnsupportedOperationException(
          "OwnKMS does not implement " + known.get() + " yet.");
    }
    throw new UnknownOperationException();
  }

  /** Collects operations; each name must be a KMS operation and appear once. */
  public static final class Builder {
    private final Map<String, Operation<?>> byTarget = new HashMap<>();

    public <Q extends KmsRequest> Builder blocking(
        String name, Class<Q> requestType, Operation.Handler<Q> handler) {
      return add(new Operation<>(name, requestType, handler, Execution.BLOCKING, false));
    }

    /** An admin operation: blocking, authenticated by the admin token. */
    public <Q extends KmsRequest> Builder admin(
        String name, Class<Q> requestType, Operation.Handler<Q> handler) {
      Operation<Q> operation = new Operation<>(name, requestType, handler, Execution.BLOCKING, true);
      if (byTarget.putIfAbsent(ADMIN_PREFIX + name, operation) != null) {
        throw new IllegalArgumentException("admin operation added twice: " + name);
      }
      return this;
    }

    public <Q extends KmsRequest> Builder inline(
        String name, Class<Q> requestType, Operation.Handler<Q> handler) {
      return add(new Operation<>(name, requestType, handler, Execution.INLINE, false));
    }

    private Builder add(Operation<?> operation) {
      if (!KMS_OPERATIONS.contains(operation.name())) {
        throw new IllegalArgumentException("not a KMS operation: " + operation.name());
      }
      if (byTarget.putIfAbsent(TARGET_PREFIX + operation.name(), operation) != null) {
        throw new IllegalArgumentException("operation added twice: " + operation.name());
      }
      return this;
    }

    public OperationTable build() {
      return new OperationTable(byTarget);
    }
  }
}
