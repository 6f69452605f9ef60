package dev.ownkms.api;

/**
 * Where an operation runs (DESIGN.md "Threading"): INLINE on the event loop when it is pure memory
 * work, BLOCKING on a virtual thread when it may touch the database, a token or the network.
 */
public enum Execution {
  INLINE,
  BLOCKING
}
