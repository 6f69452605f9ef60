package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

  private static final Caller OWNER = new Caller("111122223333", "us-east-1");
  private final AtomicLong now = new AtomicLong();
  private final KeyCache cache = new KeyCache(2, now::get);

  @Test
  void loadThatStartedBeforeAnInvalidation_isNotCached() {
    long generation = cache.generation();
    cache.invalidateKey(OWNER, "k1");

    cache.putKey(key("k1"), generation);

    assertThat(cache.key(OWNER, "k1")).isEmpty();
  }

  @Test
  void entries_expireAfterOneSecond() {
    cache.putKey(key("k1"), cache.generation());
    now.addAndGet(KeyCache.TTL_NANOS);
    assertThat(cache.key(OWNER, "k1")).isPresent();

    now.incrementAndGet();
    assertThat(cache.key(OWNER, "k1")).isEmpty();
  }

  @Test
  void size_staysWithinCapacity() {
    cache.putKey(key("k1"), cache.generation());
    cache.putKey(key("k2"), cache.generation());
    cache.putKey(key("k3"), cache.generation());

    int present = 0;
    for (String id : new String[] {"k1", "k2", "k3"}) {
      present += cache.key(OWNER, id).isPresent() ? 1 : 0;
    }
    assertThat(present).isEqualTo(2);
    assertThat(cache.key(OWNER, "k3")).isPresent();
  }

  private static KmsKey key(String id) {
    return new KmsKey(id, OWNER, Instant.EPOCH, "", KeySpec.SYMMETRIC_DEFAULT,
        KeyUsage.ENCRYPT_DECRYPT, Origin.AWS_KMS, KeyState.ENABLED, null, null,
        new MaterialState(1, "a".repeat(64), null, null, 0));
  }
}
