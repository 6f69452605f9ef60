package dev.ownkms.protocol;

import java.util.concurrent.atomic.LongAdder;

/** Counts of INLINE operations: served on the event loop, or moved off it at a cache miss. */
public final class ExecutionStats {

  final LongAdder servedOnEventLoop = new LongAdder();
  final LongAdder movedOffEventLoop = new LongAdder();

  public long servedOnEventLoop() {
    return servedOnEventLoop.sum();
  }

  public long movedOffEventLoop() {
    return movedOffEventLoop.sum();
  }
}
