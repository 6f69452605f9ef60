package dev.ownkms.domain;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
  /** Bumped by every invalidation; a load that started before one must not be cached. */
  private final AtomicLong generation = new AtomicLong();

  KeyCache(int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.nanoTime = nanoTime;
  }

  Optional<KmsKey> key(Caller owner, String keyId) {
    return fresh(keys, new KeySlot(owner, keyId));
  }

  /** Taken before loading from the store; hand it back with what was loaded. */
  long generation() {
    return generation.get();
  }

  void putKey(KmsKey key, long loadedAtGeneration) {
    put(keys, new KeySlot(key.owner(), key.keyId()), key, loadedAtGeneration);
  }

  Optional<String> aliasTarget(Caller owner, String aliasName) {
    return fresh(aliases, new AliasSlot(owner, aliasName));
  }

  void putAlias(Caller owner, String aliasName, String targetKeyId, long loadedAtGeneration) {
    put(aliases, new AliasSlot(owner, aliasName), targetKeyId, loadedAtGeneration);
  }

  void invalidateKey(Caller owner, String keyId) {
    generation.incrementAndGet();
    keys.remove(new KeySlot(owner, keyId));
  }

  void invalidateAlias(Caller owner, String aliasName) {
    generation.incrementAndGet();
    aliases.remove(new AliasSlot(owner, aliasName));
  }

  /** After a custom key store connects or disconnects: the state of each of its keys changed. */
  void invalidateAllKeys() {
    generation.incrementAndGet();
    keys.clear();
  }

  /** After a key's deletion: its aliases are gone too, and which they were is not known here. */
  void invalidateAllAliases() {
    generation.incrementAndGet();
    aliases.clear();
  }

  private <K, T> Optional<T> fresh(ConcurrentHashMap<K, Entry<T>> map, K slot) {
    Entry<T> entry = map.get(slot);
    if (entry == null || nanoTime.getAsLong() - entry.loadedAt() > TTL_NANOS) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  /**
   * Caches a loaded value unless an invalidation came after its load began: the load may have
   * read the row before that write committed. Checked again after the put, for an invalidation
   * that ran between the check and the put.
   */
  private <K, T> void put(ConcurrentHashMap<K, Entry<T>> map, K slot, T value,
      long loadedAtGeneration) {
    if (generation.get() != loadedAtGeneration) {
      return;
    }
    while (map.size() >= capacity) {
      Iterator<K> any = map.keySet().iterator();
      if (!any.hasNext()) {
        break;
      }
      map.remove(any.next());
    }
    Entry<T> entry = new Entry<>(value, nanoTime.getAsLong());
    map.put(slot, entry);
    if (generation.get() != loadedAtGeneration) {
      map.remove(slot, entry);
    }
  }
}
