package dev.ownkms.domain;

import java.util.Optional;

/**
 * Finds keys for reads through {@link KeyCache}, loading from the store on a miss; services that
 * change keys or aliases tell it once their write commits, so a request that starts after a write
 * was acknowledged sees it. Writes themselves always resolve inside their transaction instead.
 */
public final class KeyLookup {

  private static final int CAPACITY = 100_000;

  private final KmsStore store;
  private final KeyCache cache;

  public KeyLookup(KmsStore store) {
    this(store, new KeyCache(CAPACITY, System::nanoTime));
  }

  KeyLookup(KmsStore store, KeyCache cache) {
    this.store = store;
    this.cache = cache;
  }

  KmsKey resolve(KeyReference reference) {
    return switch (reference) {
      case KeyReference.ById(Caller owner, String keyId) -> find(owner, keyId)
          .orElseThrow(() -> KeyResolver.keyNotFound(owner, keyId));
      case KeyReference.ByAlias(Caller owner, String aliasName) -> {
        String target = cache.aliasTarget(owner, aliasName).orElseGet(() -> {
          long generation = cache.generation();
          Alias alias = store.read(r -> r.findAlias(owner, aliasName))
              .orElseThrow(() -> KeyResolver.aliasNotFound(owner, aliasName));
          cache.putAlias(owner, aliasName, alias.targetKeyId(), generation);
          return alias.targetKeyId();
        });
        yield find(owner, target).orElseThrow(() -> KeyResolver.keyNotFound(owner, target));
      }
    };
  }

  Optional<KmsKey> find(Caller owner, String keyId) {
    Optional<KmsKey> cached = cache.key(owner, keyId);
    if (cached.isPresent()) {
      return cached;
    }
    long generation = cache.generation();
    Optional<KmsKey> loaded = store.read(r -> r.findKey(owner, keyId));
    loaded.ifPresent(key -> cache.putKey(key, generation));
    return loaded;
  }

  void changed(KmsKey key) {
    cache.invalidateKey(key.owner(), key.keyId());
  }

  void aliasChanged(Caller owner, String aliasName) {
    cache.invalidateAlias(owner, aliasName);
  }

  /** A store's connection changed: every key of it now reads another effective state. */
  void storeChanged() {
    cache.invalidateAllKeys();
  }

  void deleted(KmsKey key) {
    cache.invalidateKey(key.owner(), key.keyId());
    cache.invalidateAllAliases();
  }
}
