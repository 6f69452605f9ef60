package dev.ownkms.api;

/** The result of operations the model gives no output shape: HTTP 200 with an empty body. */
public enum NoOutput {
  INSTANCE
}
