package dev.ownkms.domain.cloudhsm;

/** Why a login to a cluster's token failed; the reason maps to a ConnectionErrorCode. */
public final class ClusterConnectException extends Exception {

  /** What went wrong, as far as the token tells. */
  public enum Reason {
    /** The PKCS#11 library file is missing or does not load. */
    LIBRARY_NOT_FOUND,
    /** The library has no token with the cluster's label. */
    TOKEN_NOT_FOUND,
    /** CKR_PIN_INCORRECT. */
    PIN_INCORRECT,
    /** CKR_PIN_LOCKED (real HSMs; SoftHSM never locks). */
    PIN_LOCKED,
    /** CKR_USER_PIN_NOT_INITIALIZED: the token has no crypto user. */
    USER_NOT_INITIALIZED,
    /** Anything else the token or library answered. */
    TOKEN_ERROR
  }

  private final Reason reason;

  public ClusterConnectException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
