package dev.ownkms.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code x-amzn-RequestId} values: UUIDs of version 4 shape, as AWS sends. They identify a request
 * in logs and need no secrecy, so they come from {@link ThreadLocalRandom}: {@link
 * UUID#randomUUID()} would take the process-wide SecureRandom lock on every request, on the event
 * loops.
 */
final class RequestIds {

  private RequestIds() { }

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low).toString();
  }
}
