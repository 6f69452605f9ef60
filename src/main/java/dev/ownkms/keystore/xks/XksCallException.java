package dev.ownkms.keystore.xks;

/**
 * A proxy call that did not give a valid answer. The message is a diagnosis safe to log: it never
 * holds the secret, plaintexts or key material.
 */
public final class XksCallException extends Exception {

  private final XksOutcome outcome;

  public XksCallException(XksOutcome outcome, String message) {
    super(outcome + ": " + message);
    this.outcome = outcome;
  }

  public XksCallException(XksOutcome outcome, String message, Throwable cause) {
    super(outcome + ": " + message, cause);
    this.outcome = outcome;
  }

  public XksOutcome outcome() {
    return outcome;
  }
}
