package dev.ownkms.domain;

import dev.ownkms.keystore.DefaultKeyStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes keys whose waiting period has ended, with their aliases and tags: after it the key id
 * is not found (kms-contract.md §2.12). Runs on a schedule set up by the server; tests call
 * {@link #reapDue()} with a clock they move.
 */
public final class KeyDeletionReaper {

  private static final Logger log = LoggerFactory.getLogger(KeyDeletionReaper.class);
  private static final int BATCH = 100;

  private final KmsStore store;
  private final KeyLookup lookup;
  private final DefaultKeyStore keyStore;
  private final CloudHsmKeys cloudHsmKeys;
  private final Clock clock;

  public KeyDeletionReaper(KmsStore store, KeyLookup lookup, DefaultKeyStore keyStore,
      CloudHsmKeys cloudHsmKeys, Clock clock) {
    this.store = store;
    this.lookup = lookup;
    this.keyStore = keyStore;
    this.cloudHsmKeys = cloudHsmKeys;
    this.clock = clock;
  }

  /** Deletes every key due now; returns how many. Each key goes in its own transaction. */
  public int reapDue() {
    int deleted = 0;
    while (true) {
      List<KmsKey> due = store.read(r -> r.keysDueForDeletion(clock.instant(), BATCH));
      for (KmsKey key : due) {
        // Re-read inside the write: a CancelKeyDeletion may have won the race.
        boolean gone = store.write(r -> {
          boolean stillDue = r.findKey(key.owner(), key.keyId())
              .filter(k -> k.state() == KeyState.PENDING_DELETION)
              .filter(k -> !k.deletionDate().isAfter(clock.instant()))
              .isPresent();
          if (stillDue) {
            r.deleteKey(key);
          }
          return stillDue;
        });
        if (gone) {
          lookup.deleted(key);
          keyStore.forget(key.keyId());
          if (key.origin() == Origin.AWS_CLOUDHSM) {
            cloudHsmKeys.destroy(key);
          }
          log.info("Deleted key {} at the end of its waiting period", key.arn());
          deleted++;
        }
      }
      if (due.size() < BATCH) {
        return deleted;
      }
    }
  }
}
