package dev.ownkms.api;

/**
 * Where an operation runs (DESIGN.md "Threading"). BLOCKING: on a virtual thread, for work that
 * touches the database, a token or the network. INLINE: on the event loop, for work that is pure
 * memory when its caches are warm; it must have no side effect before its first blocking call,
 * where it stops ({@code EventLoop.MustBlockException}) and runs again on a virtual thread.
 */
public enum Execution {
  INLINE,
  BLOCKING
}
