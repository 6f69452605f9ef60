package dev.ownkms.domain;

/**
 * Marks work running on a Netty event loop, where nothing may block (DESIGN.md "Threading").
 * The protocol layer runs INLINE operations inside {@link #ACTIVE}; every blocking resource
 * (database, token, network) calls {@link #forbidBlocking} first, so an operation that needs one
 * stops before it blocks, and the protocol layer runs it again on a virtual thread. An INLINE
 * operation therefore has no side effect before its first blocking call.
 */
public final class EventLoop {

  /** Bound to true while an operation runs on an event loop. */
  public static final ScopedValue<Boolean> ACTIVE = ScopedValue.newInstance();

  private EventLoop() { }

  /** Throws {@link MustBlockException} on an event loop; does nothing elsewhere. */
  public static void forbidBlocking(String resource) {
    if (ACTIVE.orElse(false)) {
      throw new MustBlockException(resource);
    }
  }

  /** The work must move off the event loop because it needs a blocking resource. */
  public static final class MustBlockException extends RuntimeException {
    public MustBlockException(String resource) {
      super(resource + " would block the event loop", null, false, false);
    }
  }
}
