package dev.ownkms.domain;

import dev.ownkms.error.KmsException.DisabledException;
import dev.ownkms.error.KmsException.InvalidMarkerException;
import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
import dev.ownkms.error.KmsException.LimitExceededException;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.keystore.NewKeyMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation: automatic (every RotationPeriodInDays) and on demand (at most 10 per key). A
 * rotation adds a backing-key version that encrypts from then on; every earlier version stays
 * and still decrypts what it made.
 */
public final class RotationService {

  private static final Logger log = LoggerFactory.getLogger(RotationService.class);
  public static final int MAX_ON_DEMAND_ROTATIONS = 10;
  public static final String AUTOMATIC = "AUTOMATIC";
  public static final String ON_DEMAND = "ON_DEMAND";
  private static final int MAX_ATTEMPTS = 10;

  private final KmsStore store;
  private final KeyLookup lookup;
  private final DefaultKeyStore keyStore;
  private final Clock clock;

  public RotationService(KmsStore store, KeyLookup lookup, DefaultKeyStore keyStore,
      Clock clock) {
    this.store = store;
    this.lookup = lookup;
    this.keyStore = keyStore;
    this.clock = clock;
  }

  public KmsKey enable(Caller caller, String keyId, int periodDays) {
    Instant next = now().plus(Duration.ofDays(periodDays));
    return change(caller, keyId, key -> key.withMaterial(key.material().withRotation(periodDays,
        next)));
  }

  public KmsKey disable(Caller caller, String keyId) {
    return change(caller, keyId, key -> key.withMaterial(key.material().withRotation(null, null)));
  }

  /** The key, whose material state says whether and when it rotates. */
  public KmsKey status(Caller caller, String keyId) {
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    KmsKey key = store.read(r -> KeyResolver.resolve(r, reference));
    requireRotatable(key);
    return key;
  }

  public KmsKey rotateOnDemand(Caller caller, String keyId) {
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    KmsKey key = store.read(r -> KeyResolver.resolve(r, reference));
    return rotate(key.owner(), key.keyId(), ON_DEMAND, RotationService::checkOnDemand)
        .orElseThrow();
  }

  /** A page of a key's material versions, oldest first, and the key they belong to. */
  public record Rotations(KmsKey key, Page<KeyMaterial> page) { }

  /**
   * The key's rotations: versions 2 and up, or with {@code includeFirst} also the key's first
   * material (ListKeyRotations ALL_KEY_MATERIAL).
   */
  public Rotations list(Caller caller, String keyId, boolean includeFirst, String marker,
      int limit) {
    String last = Markers.decode("ListKeyRotations", marker);
    int after;
    try {
      after = Math.max(includeFirst ? 0 : 1, last == null ? 0 : Integer.parseInt(last));
    } catch (NumberFormatException e) {
      throw new InvalidMarkerException();
    }
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    return store.read(r -> {
      KmsKey key = KeyResolver.resolve(r, reference);
      requireRotatable(key);
      List<KeyMaterial> rows = r.listKeyMaterials(key.keyId(), after, limit + 1);
      return new Rotations(key, Markers.page("ListKeyRotations", rows, limit,
          m -> Integer.toString(m.version())));
    });
  }

  /** Rotates every enabled key whose automatic rotation is due; returns how many. */
  public int rotateDue() {
    int rotated = 0;
    for (KmsKey key : store.read(r -> r.keysDueForRotation(now(), 100))) {
      if (rotate(key.owner(), key.keyId(), AUTOMATIC, this::isDue).isPresent()) {
        log.info("Rotated key {} automatically", key.arn());
        rotated++;
      }
    }
    return rotated;
  }

  /**
   * Adds version n+1 while {@code wanted} holds (it may also refuse with an AWS error). The new
   * material is sealed before the transaction (a token call); the transaction checks that the
   * key is still at version n and still wanted, else the attempt starts over, so concurrent
   * rotations both land in order and unsaved material is never used.
   */
  private Optional<KmsKey> rotate(Caller owner, String keyId, String type,
      Predicate<KmsKey> wanted) {
    for (int attempt = 1; ; attempt++) {
      KmsKey current = store.read(r -> r.findKey(owner, keyId))
          .orElseThrow(() -> KeyResolver.keyNotFound(owner, keyId));
      if (!wanted.test(current)) {
        return Optional.empty();
      }
      int version = current.material().currentVersion() + 1;
      NewKeyMaterial material = keyStore.generate(keyId, version);
      String materialId = material.backingKey().keyMaterialId();
      Instant now = now();
      Optional<KmsKey> rotated = store.write(r -> {
        Optional<KmsKey> next = r.findKey(owner, keyId)
            .filter(k -> k.material().currentVersion() == version - 1)
            .filter(wanted)
            .map(k -> k.withMaterial(
                k.material().rotatedTo(version, materialId, type.equals(ON_DEMAND), now)));
        next.ifPresent(k -> {
          r.insertKeyMaterial(new KeyMaterial(keyId, version, materialId, material.sealed(), now,
              type));
          r.updateKey(k);
        });
        return next;
      });
      if (rotated.isPresent()) {
        keyStore.committed(material);
        lookup.changed(rotated.get());
        return rotated;
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException("rotation of " + keyId + " kept losing races");
      }
    }
  }

  private boolean isDue(KmsKey key) {
    return key.state() == KeyState.ENABLED && key.material() != null
        && key.material().rotationEnabled()
        && !key.material().nextRotationDate().isAfter(now());
  }

  /** RotateKeyOnDemand's rules: a rotatable, enabled key with on-demand rotations left. */
  private static boolean checkOnDemand(KmsKey key) {
    checkCanRotate(key);
    if (key.material().onDemandRotations() >= MAX_ON_DEMAND_ROTATIONS) {
      throw new LimitExceededException("The on-demand rotations limit has been reached for the"
          + " given keyId. No more on-demand rotations can be performed for this key: "
          + key.arn());
    }
    return true;
  }

  private KmsKey change(Caller caller, String keyId, UnaryOperator<KmsKey> how) {
    return KeyUpdates.change(store, lookup, KeyReference.keyOnly(caller, keyId), key -> {
      checkCanRotate(key);
      return how.apply(key);
    });
  }

  /** Enable/Disable/RotateOnDemand need an enabled, rotatable key (recorded: disabled first). */
  private static void checkCanRotate(KmsKey key) {
    requireDefaultStoreOrigin(key);
    if (key.state() == KeyState.DISABLED) {
      throw new DisabledException(key.arn() + " is disabled.");
    }
    key.requireUsableForCrypto();
    requireRotatable(key);
  }

  private static void requireRotatable(KmsKey key) {
    requireDefaultStoreOrigin(key);
    if (!key.spec().isSymmetric() || key.material() == null) {
      throw new KmsUnsupportedOperationException(null);
    }
  }

  /** Custom key stores and imported keys do not rotate (kms-contract.md §1.4): said before any state. */
  private static void requireDefaultStoreOrigin(KmsKey key) {
    if (key.origin() != Origin.AWS_KMS) {
      throw new KmsUnsupportedOperationException(
          key.arn() + " origin is " + key.origin().name() + " which is not valid for this operation.");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
