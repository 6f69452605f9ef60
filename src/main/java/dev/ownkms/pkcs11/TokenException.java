package dev.ownkms.pkcs11;

/**
 * Thrown when a PKCS#11 token cannot be set up, opened or used. The message says what to check
 * or do; it never holds a PIN.
 */
public final class TokenException extends RuntimeException {

  TokenException(String message) {
    super(message);
  }

  TokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
