package dev.ownkms.domain;

import dev.ownkms.error.KmsException.AlreadyExistsException;
import dev.ownkms.error.KmsException.InvalidAliasNameException;
import dev.ownkms.error.KmsException.LimitExceededException;
import dev.ownkms.error.KmsException.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Aliases: create, point elsewhere, delete, list (kms-contract.md §2.20–2.23). */
public final class AliasService {

  static final int MAX_ALIASES_PER_KEY = 50;
  private static final String PREFIX = "alias/";

  private final KmsStore store;
  private final KeyLookup lookup;
  private final Clock clock;

  public AliasService(KmsStore store, KeyLookup lookup, Clock clock) {
    this.store = store;
    this.lookup = lookup;
    this.clock = clock;
  }

  public void create(Caller caller, String aliasName, String targetKeyId) {
    checkName(aliasName);
    KeyReference target = KeyReference.keyOnly(caller, targetKeyId);
    Instant now = now();
    store.write(r -> {
      KmsKey key = KeyResolver.resolve(r, target);
      key.requireNotPendingDeletion();
      if (r.findAlias(caller, aliasName).isPresent()) {
        throw new AlreadyExistsException(
            "An alias with the name " + caller.aliasArn(aliasName) + " already exists");
      }
      requireRoomFor(r, key);
      r.insertAlias(new Alias(caller, aliasName, key.keyId(), now, now));
      return null;
    });
  }

  public void update(Caller caller, String aliasName, String targetKeyId) {
    checkName(aliasName);
    KeyReference target = KeyReference.keyOnly(caller, targetKeyId);
    Instant now = now();
    store.write(r -> {
      Alias alias = r.findAlias(caller, aliasName)
          .orElseThrow(() -> KeyResolver.aliasNotFound(caller, aliasName));
      KmsKey key = KeyResolver.resolve(r, target);
      // Only the new target must not be pending deletion; the old one may be.
      key.requireNotPendingDeletion();
      if (!alias.targetKeyId().equals(key.keyId())) {
        requireRoomFor(r, key);
      }
      r.updateAlias(alias.retarget(key.keyId(), now));
      return null;
    });
    lookup.aliasChanged(caller, aliasName);
  }

  public void delete(Caller caller, String aliasName) {
    checkName(aliasName);
    store.write(r -> {
      Alias alias = r.findAlias(caller, aliasName)
          .orElseThrow(() -> KeyResolver.aliasNotFound(caller, aliasName));
      r.deleteAlias(alias);
      return null;
    });
    lookup.aliasChanged(caller, aliasName);
  }

  /** Aliases of the caller, or of one key (given by key id or key ARN) when keyId is not null. */
  public Page<Alias> list(Caller caller, String keyId, String marker, int limit) {
    String after = Markers.decode("ListAliases", marker);
    KeyReference filter = keyId == null ? null : KeyReference.keyOnly(caller, keyId);
    List<Alias> rows = store.read(r -> {
      String targetKeyId = filter == null ? null : KeyResolver.resolve(r, filter).keyId();
      return r.listAliases(caller, targetKeyId, after, limit + 1);
    });
    return Markers.page("ListAliases", rows, limit, Alias::aliasName);
  }

  /** The rules AWS applies beyond the model pattern (kms-contract.md §2.20, recorded texts). */
  private static void checkName(String aliasName) {
    if (!aliasName.startsWith(PREFIX)) {
      throw new ValidationException("Alias must start with the prefix \"alias/\". Please see"
          + " https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
    }
    if (aliasName.indexOf(':') >= 0) {
      throw new ValidationException(aliasName + " contains invalid characters for an alias");
    }
    if (aliasName.length() == PREFIX.length()) {
      throw new InvalidAliasNameException("Alias name must not be empty after the prefix \"alias/\".");
    }
    if (aliasName.startsWith("alias/aws/")) {
      // AWS's exact answer is not recorded; the modeled exception for a bad alias name.
      throw new InvalidAliasNameException(
          "Alias names beginning with alias/aws/ are reserved for AWS managed keys.");
    }
  }

  private static void requireRoomFor(Repositories r, KmsKey key) {
    if (r.countAliases(key.keyId()) >= MAX_ALIASES_PER_KEY) {
      throw new LimitExceededException("The request would exceed the limit of "
          + MAX_ALIASES_PER_KEY + " aliases for the KMS key " + key.arn() + ".");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
