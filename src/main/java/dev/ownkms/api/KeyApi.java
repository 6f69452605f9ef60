package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.KeyService;
import dev.ownkms.domain.KeySpec;
import dev.ownkms.domain.KeyUsage;
import dev.ownkms.domain.KmsKey;
import dev.ownkms.domain.Origin;
import dev.ownkms.domain.Page;
import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
import dev.ownkms.error.KmsException.ValidationException;

/** CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, Enable/DisableKey, key deletion. */
public final class KeyApi {

  private static final int DEFAULT_PENDING_WINDOW_DAYS = 30;

  private final KeyService keys;
  private final PolicyDocuments policies;

  public KeyApi(KeyService keys, PolicyDocuments policies) {
    this.keys = keys;
    this.policies = policies;
  }

  public KeyMetadataResponse createKey(Caller caller, CreateKeyRequest request) {
    KeySpec spec = keySpec(request);
    KeyUsage usage = keyUsage(request, spec);
    Origin origin = request.origin() == null ? Origin.AWS_KMS
        : Origin.fromWire(request.origin()).orElseThrow();
    requireSupported(request, spec, usage, origin);
    if (request.policy() != null) {
      policies.check(caller, request.policy(), request.bypassPolicyLockoutSafetyCheck());
    }
    KmsKey key = keys.create(caller, new KeyService.NewKey(
        request.description() == null ? "" : request.description(), spec, usage, origin,
        request.policy(), request.tags().stream().map(TagEntry::toTag).toList(),
        request.customKeyStoreId(), request.xksKeyId()));
    return new KeyMetadataResponse(KeyMetadata.of(key));
  }

  public KeyMetadataResponse describeKey(Caller caller, DescribeKeyRequest request) {
    return new KeyMetadataResponse(KeyMetadata.of(keys.describe(caller, request.keyId())));
  }

  public ListKeysResponse listKeys(Caller caller, ListKeysRequest request) {
    Page<KmsKey> page = keys.list(caller, request.marker(),
        Members.pageSize(request.limit(), 100, 1000));
    return new ListKeysResponse(
        page.items().stream().map(k -> new ListKeysResponse.Entry(k.keyId(), k.arn())).toList(),
        page.nextMarker(), page.truncated());
  }

  public NoOutput updateKeyDescription(Caller caller, UpdateKeyDescriptionRequest request) {
    keys.updateDescription(caller, request.keyId(), request.description());
    return NoOutput.INSTANCE;
  }

  public NoOutput enableKey(Caller caller, KeyIdRequest request) {
    keys.enable(caller, request.keyId());
    return NoOutput.INSTANCE;
  }

  public NoOutput disableKey(Caller caller, KeyIdRequest request) {
    keys.disable(caller, request.keyId());
    return NoOutput.INSTANCE;
  }

  public ScheduleKeyDeletionResponse scheduleKeyDeletion(
      Caller caller, ScheduleKeyDeletionRequest request) {
    int days = request.pendingWindowInDays() == null
        ? DEFAULT_PENDING_WINDOW_DAYS : request.pendingWindowInDays();
    if (days < 7 || days > 30) {
      // The model allows 1..365; AWS enforces 7..30 with this text (kms-contract.md §2.12).
      throw new ValidationException("PendingWindowInDays must be between 7 and 30");
    }
    KmsKey key = keys.scheduleDeletion(caller, request.keyId(), days);
    return new ScheduleKeyDeletionResponse(key.arn(),
        Timestamps.epochSeconds(key.deletionDate()), key.state().wireName(), days);
  }

  public CancelKeyDeletionResponse cancelKeyDeletion(Caller caller, KeyIdRequest request) {
    return new CancelKeyDeletionResponse(keys.cancelDeletion(caller, request.keyId()).arn());
  }

  private static KeySpec keySpec(CreateKeyRequest request) {
    if (request.keySpec() != null && request.customerMasterKeySpec() != null) {
      throw new ValidationException(
          "You cannot specify KeySpec and CustomerMasterKeySpec in the same request.");
    }
    String spec = request.keySpec() != null ? request.keySpec() : request.customerMasterKeySpec();
    return spec == null ? KeySpec.SYMMETRIC_DEFAULT : KeySpec.fromWire(spec).orElseThrow();
  }

  /** KeyUsage defaults only for symmetric keys; pairs must match (recorded texts). */
  private static KeyUsage keyUsage(CreateKeyRequest request, KeySpec spec) {
    if (request.keyUsage() == null) {
      if (!spec.isSymmetric()) {
        throw new ValidationException("You must specify a KeyUsage value for all KMS keys except"
            + " for symmetric encryption keys.");
      }
      return KeyUsage.ENCRYPT_DECRYPT;
    }
    KeyUsage usage = KeyUsage.fromWire(request.keyUsage()).orElseThrow();
    if (!spec.allows(usage)) {
      throw new ValidationException(
          "KeyUsage " + usage.name() + " is not compatible with KeySpec " + spec.name());
    }
    return usage;
  }

  /** Says plainly what this version of OwnKMS cannot create yet; never makes a stand-in key. */
  private static void requireSupported(CreateKeyRequest request, KeySpec spec, KeyUsage usage,
      Origin origin) {
    if (request.xksKeyId() != null && origin != Origin.EXTERNAL_KEY_STORE) {
      throw new KmsUnsupportedOperationException(
          "XksKeyId is valid only with Origin EXTERNAL_KEY_STORE.");
    }
    if (origin == Origin.EXTERNAL_KEY_STORE && request.xksKeyId() == null) {
      throw new ValidationException("XksKeyId is required when Origin is EXTERNAL_KEY_STORE.");
    }
    boolean customOrigin = origin == Origin.AWS_CLOUDHSM || origin == Origin.EXTERNAL_KEY_STORE;
    if (customOrigin && request.customKeyStoreId() == null) {
      throw new KmsUnsupportedOperationException(
          "Origin " + origin.name() + " requires a CustomKeyStoreId.");
    }
    if (request.customKeyStoreId() != null) {
      requireCustomStoreKey(spec, usage, origin, request.multiRegion());
    }
    if (!spec.isSymmetric()) {
      throw new KmsUnsupportedOperationException("OwnKMS does not support KeySpec " + spec.name()
          + " yet; it creates SYMMETRIC_DEFAULT keys only.");
    }
    if (Boolean.TRUE.equals(request.multiRegion())) {
      throw new KmsUnsupportedOperationException("OwnKMS does not support multi-Region keys yet.");
    }
    if (origin == Origin.EXTERNAL) {
      throw new KmsUnsupportedOperationException(
          "OwnKMS does not support imported key material (Origin EXTERNAL) yet.");
    }
  }

  /** Custom key stores hold symmetric single-Region encryption keys of their own origin (§1.4). */
  private static void requireCustomStoreKey(KeySpec spec, KeyUsage usage, Origin origin,
      Boolean multiRegion) {
    if (origin != Origin.AWS_CLOUDHSM && origin != Origin.EXTERNAL_KEY_STORE) {
      throw new KmsUnsupportedOperationException("CustomKeyStoreId is valid only with Origin"
          + " AWS_CLOUDHSM or EXTERNAL_KEY_STORE, not " + origin.name() + ".");
    }
    if (!spec.isSymmetric() || usage != KeyUsage.ENCRYPT_DECRYPT) {
      throw new KmsUnsupportedOperationException("KMS keys in a custom key store must be"
          + " symmetric encryption keys (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT).");
    }
    if (Boolean.TRUE.equals(multiRegion)) {
      throw new KmsUnsupportedOperationException(
          "KMS keys in a custom key store cannot be multi-Region keys.");
    }
  }
}
