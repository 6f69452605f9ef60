package dev.ownkms.domain.cloudhsm;

/**
 * A connected cluster's token cannot do what was asked: wiped, its library gone, a key missing.
 * The message says which and never holds a PIN or key material.
 */
public final class ClusterUnavailableException extends RuntimeException {

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
