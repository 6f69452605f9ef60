package dev.ownkms.keystore.xks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The time a proxy call may take: AWS's 250 ms, except until the first proxy answer in this
 * process. That first call loads and compiles the HTTP client, TLS and signing code (about
 * 0.7 s on a cold JVM, measured), which AWS's warm fleet never pays; without the grace a store
 * created right after start-up would fail with a time-out no network caused. A documented
 * deviation; every later call, on any store, has the strict deadline.
 */
final class XksDeadline {

  /** Enough for a cold JVM on a busy 2-core machine. */
  static final Duration FIRST_ANSWER = Duration.ofSeconds(3);

  private final Duration strict;
  private final AtomicBoolean warm = new AtomicBoolean();

  XksDeadline(Duration strict) {
    this.strict = strict;
  }

  /** The deadline for a call starting now. */
  Duration now() {
    return warm.get() || strict.compareTo(FIRST_ANSWER) >= 0 ? strict : FIRST_ANSWER;
  }

  /** Connects and handshakes are bounded by the call's deadline; this only caps a stuck one. */
  Duration connectCap() {
    return strict.compareTo(FIRST_ANSWER) >= 0 ? strict : FIRST_ANSWER;
  }

  /** A proxy answered (success or error): the code is warm. */
  void answered() {
    warm.set(true);
  }
}
