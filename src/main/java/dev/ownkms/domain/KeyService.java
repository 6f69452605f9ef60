package dev.ownkms.domain;

import dev.ownkms.error.KmsException.LimitExceededException;
import dev.ownkms.error.KmsException.NotFoundException;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.keystore.NewKeyMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The life of a KMS key: create, describe, list, enable/disable, deletion, description, policy. */
public final class KeyService {

  /** Customer managed keys per account and Region (kms-contract.md §1.6). */
  static final int MAX_KEYS_PER_REGION = 100_000;

  private final KmsStore store;
  private final KeyLookup lookup;
  private final DefaultKeyStore keyStore;
  private final CloudHsmKeys cloudHsmKeys;
  private final ExternalKeys externalKeys;
  private final Clock clock;

  public KeyService(KmsStore store, KeyLookup lookup, DefaultKeyStore keyStore,
      CloudHsmKeys cloudHsmKeys, ExternalKeys externalKeys, Clock clock) {
    this.store = store;
    this.lookup = lookup;
    this.keyStore = keyStore;
    this.cloudHsmKeys = cloudHsmKeys;
    this.externalKeys = externalKeys;
    this.clock = clock;
  }

  /**
   * What CreateKey asks for, already checked against the model.
   *
   * @param customKeyStoreId the custom key store to create the key in; null for the default store
   * @param xksKeyId the external key, with Origin EXTERNAL_KEY_STORE alone
   */
  public record NewKey(
      String description, KeySpec spec, KeyUsage usage, Origin origin, String policy,
      List<Tag> tags, String customKeyStoreId, String xksKeyId) { }

  public KmsKey create(Caller caller, NewKey request) {
    TagRules.checkRequest(request.tags());
    TagRules.checkCount(request.tags().size());
    String keyId = UUID.randomUUID().toString();
    if (request.customKeyStoreId() != null && request.origin() != Origin.EXTERNAL_KEY_STORE) {
      // The token makes the key first; if the rows then cannot be written, it is destroyed again.
      KmsKey.StoreLink link = cloudHsmKeys.generate(caller, request.customKeyStoreId(), keyId);
      KmsKey key = newKey(caller, keyId, request, link, null);
      try {
        return insert(key, request, null);
      } catch (RuntimeException e) {
        cloudHsmKeys.destroy(key);
        throw e;
      }
    }
    // A key of an external store also has default-store material: the inner layer of double
    // encryption (xks.md §2.1). The proxy is asked about the external key first.
    KmsKey.StoreLink link = request.origin() == Origin.EXTERNAL_KEY_STORE
        ? externalKeys.register(caller, request.customKeyStoreId(), keyId, request.xksKeyId())
        : null;
    // Sealing calls the token: done before the transaction, which then only writes rows.
    NewKeyMaterial material = keyStore.generate(keyId, 1);
    String materialId = material.backingKey().keyMaterialId();
    KmsKey created = insert(newKey(caller, keyId, request, link,
        new MaterialState(1, materialId, null, null, 0)), request, material);
    keyStore.committed(material);
    return created;
  }

  private KmsKey newKey(Caller caller, String keyId, NewKey request, KmsKey.StoreLink link,
      MaterialState material) {
    return new KmsKey(keyId, caller, now(), request.description(), request.spec(),
        request.usage(), request.origin(), KeyState.ENABLED, null, link, material);
  }

  /** One transaction: the key, its first material (default store), its tags. */
  private KmsKey insert(KmsKey key, NewKey request, NewKeyMaterial material) {
    Caller caller = key.owner();
    String policy = request.policy() != null ? request.policy() : KeyPolicies.defaultPolicy(caller);
    return store.write(r -> {
      if (r.countKeys(caller) >= MAX_KEYS_PER_REGION) {
        throw new LimitExceededException("The request would exceed the limit of "
            + MAX_KEYS_PER_REGION + " customer managed keys in this Region.");
      }
      if (key.xksKeyId() != null) {
        // Checked again here: another CreateKey may have taken the external key meanwhile.
        ExternalKeys.requireFree(r, key.customKeyStoreId(), key.xksKeyId());
      }
      r.insertKey(key, policy);
      if (material != null) {
        r.insertKeyMaterial(new KeyMaterial(key.keyId(), 1,
            material.backingKey().keyMaterialId(), material.sealed(), key.creationDate(), null));
      }
      request.tags().forEach(tag -> r.putTag(key.keyId(), tag));
      return key;
    });
  }

  /** DescribeKey: from the key cache when warm, so it may run on an event loop. */
  public KmsKey describe(Caller caller, String keyId) {
    return lookup.resolve(KeyReference.keyOrAlias(caller, keyId));
  }

  public Page<KmsKey> list(Caller caller, String marker, int limit) {
    String after = Markers.decode("ListKeys", marker);
    List<KmsKey> rows = store.read(r -> r.listKeys(caller, after, limit + 1));
    return Markers.page("ListKeys", rows, limit, KmsKey::keyId);
  }

  public KmsKey enable(Caller caller, String keyId) {
    return change(caller, keyId, KmsKey::enable);
  }

  public KmsKey disable(Caller caller, String keyId) {
    return change(caller, keyId, KmsKey::disable);
  }

  public KmsKey updateDescription(Caller caller, String keyId, String description) {
    return change(caller, keyId, key -> key.withDescription(description));
  }

  public KmsKey scheduleDeletion(Caller caller, String keyId, int pendingWindowInDays) {
    Instant when = now().plus(Duration.ofDays(pendingWindowInDays));
    return change(caller, keyId, key -> key.scheduleDeletion(when));
  }

  public KmsKey cancelDeletion(Caller caller, String keyId) {
    return change(caller, keyId, KmsKey::cancelDeletion);
  }

  public String policy(Caller caller, String keyId, String policyName) {
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    return store.read(r -> {
      KmsKey key = KeyResolver.resolve(r, reference);
      requireDefaultPolicyName(policyName);
      return r.policy(key);
    });
  }

  public void putPolicy(Caller caller, String keyId, String policyName, String policy) {
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    store.write(r -> {
      KmsKey key = KeyResolver.resolve(r, reference);
      requireDefaultPolicyName(policyName);
      r.updatePolicy(key, policy);
      return null;
    });
  }

  /** The names of the key's policies: KMS keys have exactly one, {@code default}. */
  public List<String> policyNames(Caller caller, String keyId) {
    describeKeyOnly(caller, keyId);
    return List.of(KeyPolicies.DEFAULT_NAME);
  }

  /** Looks a key up by key id or key ARN only (operations that refuse aliases). */
  private KmsKey describeKeyOnly(Caller caller, String keyId) {
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    return store.read(r -> KeyResolver.resolve(r, reference));
  }

  private static void requireDefaultPolicyName(String policyName) {
    if (!KeyPolicies.DEFAULT_NAME.equals(policyName)) {
      throw new NotFoundException("Policy '" + policyName + "' does not exist");
    }
  }

  private KmsKey change(Caller caller, String keyId, UnaryOperator<KmsKey> how) {
    return KeyUpdates.change(store, lookup, KeyReference.keyOnly(caller, keyId), how);
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}
