package dev.ownkms.xksproxy;

import java.util.Objects;

/**
 * An answer of the XKS API other than success. The message goes to the caller (KMS logs it in the
 * customer's CloudWatch), so it never holds key material, plaintext or secrets; it is cut to
 * printable ASCII under 512 characters on the wire (xks.md §1.8).
 */
public final class XksException extends RuntimeException {

  private final XksError error;

  public XksException(XksError error, String message) {
    super(message);
    this.error = Objects.requireNonNull(error, "error");
  }

  public XksException(XksError error, String message, Throwable cause) {
    super(message, cause);
    this.error = Objects.requireNonNull(error, "error");
  }

  public XksError error() {
    return error;
  }

  static XksException validation(String message) {
    return new XksException(XksError.VALIDATION, message);
  }
}
