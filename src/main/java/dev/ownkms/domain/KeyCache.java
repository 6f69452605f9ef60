package dev.ownkms.domain;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Key metadata and alias targets in memory, so the hot path (Encrypt, Decrypt, GenerateDataKey,
 * DescribeKey of a warm key) reads no database. Bounded; entries live one second at most, the
 * staleness KMS's eventual consistency allows (another node's change, later); this node's own
 * writes invalidate what they change at once.
 */
final class KeyCache {

  static final long TTL_NANOS = 1_000_000_000L;

  private record Entry<T>(T value, long loadedAt) { }

  private record KeySlot(Caller owner, String keyId) { }

  private record AliasSlot(Caller owner, String aliasName) { }

  private final ConcurrentHashMap<KeySlot, Entry<KmsKey>> keys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<AliasSlot, Entry<String>> aliases = new ConcurrentHashMap<>();
  private final int capacity;
  private final LongSupplier nanoTime;

  KeyCache(int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.nanoTime = nanoTime;
  }

  Optional<KmsKey> key(Caller owner, String keyId) {
    return fresh(keys, new KeySlot(owner, keyId));
  }

  void putKey(KmsKey key) {
    put(keys, new KeySlot(key.owner(), key.keyId()), key);
  }

  Optional<String> aliasTarget(Caller owner, String aliasName) {
    return fresh(aliases, new AliasSlot(owner, aliasName));
  }

  void putAlias(Caller owner, String aliasName, String targetKeyId) {
    put(aliases, new AliasSlot(owner, aliasName), targetKeyId);
  }

  void invalidateKey(Caller owner, String keyId) {
    keys.remove(new KeySlot(owner, keyId));
  }

  void invalidateAlias(Caller owner, String aliasName) {
    aliases.remove(new AliasSlot(owner, aliasName));
  }

  /** After a key's deletion: its aliases are gone too, and which they were is not known here. */
  void invalidateAllAliases() {
    aliases.clear();
  }

  private <K, T> Optional<T> fresh(ConcurrentHashMap<K, Entry<T>> map, K slot) {
    Entry<T> entry = map.get(slot);
    if (entry == null || nanoTime.getAsLong() - entry.loadedAt() > TTL_NANOS) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  private <K, T> void put(ConcurrentHashMap<K, Entry<T>> map, K slot, T value) {
    while (map.size() >= capacity) {
      Iterator<K> any = map.keySet().iterator();
      if (!any.hasNext()) {
        break;
      }
      map.remove(any.next());
    }
    map.put(slot, new Entry<>(value, nanoTime.getAsLong()));
  }
}
