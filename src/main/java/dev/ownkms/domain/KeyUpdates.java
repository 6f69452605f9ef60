package dev.ownkms.domain;

import java.util.function.UnaryOperator;

/** Changes one key in one transaction, then drops this node's cached copy of it. */
final class KeyUpdates {

  private KeyUpdates() { }

  /** Resolves inside the transaction (never from the cache), applies, saves. */
  static KmsKey change(KmsStore store, KeyLookup lookup, KeyReference reference,
      UnaryOperator<KmsKey> how) {
    KmsKey changed = store.write(r -> {
      KmsKey updated = how.apply(KeyResolver.resolve(r, reference));
      r.updateKey(updated);
      return updated;
    });
    lookup.changed(changed);
    return changed;
  }
}
