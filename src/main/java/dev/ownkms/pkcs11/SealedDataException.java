package dev.ownkms.pkcs11;

/**
 * Thrown when sealed data cannot be unsealed: it is too short, was changed, was sealed by another
 * root key, or belongs to other associated data. Which of these it was cannot be told apart.
 */
public final class SealedDataException extends RuntimeException {

  SealedDataException(String message) {
    super(message);
  }

  SealedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
