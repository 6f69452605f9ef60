package dev.ownkms.xksproxy;

/**
 * The error names of the XKS proxy API and their HTTP statuses (xks.md §1.8). The wire carries
 * {@code {"errorName":…,"errorMessage":…}}.
 */
public enum XksError {
  VALIDATION("ValidationException", 400),
  INVALID_STATE("InvalidStateException", 400),
  INVALID_CIPHERTEXT("InvalidCiphertextException", 400),
  INVALID_KEY_USAGE("InvalidKeyUsageException", 400),
  AUTHENTICATION_FAILED("AuthenticationFailedException", 401),
  ACCESS_DENIED("AccessDeniedException", 403),
  KEY_NOT_FOUND("KeyNotFoundException", 404),
  INVALID_URI_PATH("InvalidUriPathException", 404),
  THROTTLING("ThrottlingException", 429),
  UNSUPPORTED_OPERATION("UnsupportedOperationException", 501),
  DEPENDENCY_TIMEOUT("DependencyTimeoutException", 503),
  INTERNAL("InternalException", 500);

  private final String errorName;
  private final int status;

  XksError(String errorName, int status) {
    this.errorName = errorName;
    this.status = status;
  }

  public String errorName() {
    return errorName;
  }

  public int status() {
    return status;
  }
}
