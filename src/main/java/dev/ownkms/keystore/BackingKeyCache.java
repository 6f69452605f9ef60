package dev.ownkms.keystore;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Unsealed backing keys by key id and version, bounded so a server with many keys keeps a fixed
 * amount of key material in memory. A hit costs no PKCS#11 call, which keeps the token off the
 * hot path; a miss unseals once. Eviction is arbitrary rather than LRU: cheap and contention-free,
 * and a re-unseal costs one token call.
 */
final class BackingKeyCache {

  private record Slot(String keyId, int version) { }

  private final ConcurrentHashMap<Slot, BackingKey> keys = new ConcurrentHashMap<>();
  private final int capacity;

  BackingKeyCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
  }

  BackingKey get(String keyId, int version, Supplier<BackingKey> unseal) {
    Slot slot = new Slot(keyId, version);
    BackingKey cached = keys.get(slot);
    if (cached != null) {
      return cached;
    }
    BackingKey loaded = unseal.get();
    put(loaded);
    return loaded;
  }

  void put(BackingKey key) {
    while (keys.size() >= capacity) {
      Iterator<Slot> any = keys.keySet().iterator();
      if (!any.hasNext()) {
        break;
      }
      keys.remove(any.next());
    }
    keys.put(new Slot(key.keyId(), key.version()), key);
  }

  /** Forgets every version of a deleted key. */
  void evict(String keyId) {
    keys.keySet().removeIf(slot -> slot.keyId().equals(keyId));
  }

  int size() {
    return keys.size();
  }
}
