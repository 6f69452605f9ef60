package dev.ownkms.xksproxy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the token's deep health check in the background and keeps the last result, so that
 * GetHealthStatus answers at once with a result no older than the interval (the spec allows a
 * cached result up to a minute old when a deep check does not fit in 250 ms, xks.md §1.4). A
 * failed request triggers an extra check at once, which also reconnects when the token is back.
 */
final class HealthMonitor implements AutoCloseable {

  /** A check slower than this still works but reports {@code DEGRADED}. */
  static final Duration DEGRADED_AFTER = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  enum Status { ACTIVE, DEGRADED, UNAVAILABLE }

  private final TokenGateway token;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean extraCheckPending = new AtomicBoolean();
  private volatile Status status;

  HealthMonitor(TokenGateway token, Duration interval) {
    this.token = token;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "xks-health");
      thread.setDaemon(true);
      return thread;
    });
    try {
      token.check(); // warms up the token and JIT so the first measured check is fair
    } catch (RuntimeException e) {
      // the measured check below records it
    }
    checkNow();
    scheduler.scheduleWithFixedDelay(this::checkNow, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    token.onFailure(this::checkSoon);
  }

  Status status() {
    return status;
  }

  /** Schedules one extra check unless one is pending already. */
  void checkSoon() {
    if (extraCheckPending.compareAndSet(false, true)) {
      scheduler.execute(() -> {
        extraCheckPending.set(false);
        checkNow();
      });
    }
  }

  private void checkNow() {
    Status previous = status;
    long start = System.nanoTime();
    Status next;
    try {
      token.check();
      next = System.nanoTime() - start > DEGRADED_AFTER.toNanos() ? Status.DEGRADED
          : Status.ACTIVE;
    } catch (RuntimeException e) {
      next = Status.UNAVAILABLE;
    }
    status = next;
    if (previous != next) {
      if (next == Status.UNAVAILABLE) {
        log.warn("token health: {} (was {})", next, previous);
      } else {
        log.info("token health: {}{}", next, previous == null ? "" : " (was " + previous + ")");
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
