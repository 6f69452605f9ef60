package dev.ownkms.keystore.xks;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a proxy call failed: either the proxy's own {@code errorName} (xks.md §1.8) or what the
 * caller saw on the wire. The caller maps each to a KMS exception and message (xks.md §2.6).
 */
public enum XksOutcome {
  VALIDATION("ValidationException"),
  INVALID_STATE("InvalidStateException"),
  INVALID_CIPHERTEXT("InvalidCiphertextException"),
  INVALID_KEY_USAGE("InvalidKeyUsageException"),
  AUTHENTICATION_FAILED("AuthenticationFailedException"),
  ACCESS_DENIED("AccessDeniedException"),
  KEY_NOT_FOUND("KeyNotFoundException"),
  INVALID_URI_PATH("InvalidUriPathException"),
  UNSUPPORTED_OPERATION("UnsupportedOperationException"),
  DEPENDENCY_TIMEOUT("DependencyTimeoutException"),
  THROTTLING("ThrottlingException"),
  INTERNAL("InternalException"),
  /** No TCP connection (refused, DNS failure, no route), or the connection broke mid-call. */
  NOT_REACHABLE(null),
  /** TCP connected but TLS failed: untrusted CA, expired certificate, wrong name, TLS &lt; 1.2. */
  TLS_FAILED(null),
  /**
   * No full answer within the deadline: a stalled TLS handshake or answer, and also a connect
   * that never completes (a silently dropped SYN), which the JDK client cannot tell apart.
   */
  TIMED_OUT(null),
  /** Non-JSON, unknown errorName, bad or missing fields, CDIV mismatch, unexpected status. */
  MALFORMED_RESPONSE(null);

  private final String errorName;

  XksOutcome(String errorName) {
    this.errorName = errorName;
  }

  /** The proxy's {@code errorName} for this outcome; empty for the transport outcomes. */
  public Optional<String> errorName() {
    return Optional.ofNullable(errorName);
  }

  /** The outcome a proxy's {@code errorName} names, exactly as the spec spells it. */
  public static Optional<XksOutcome> ofErrorName(String name) {
    return Arrays.stream(values()).filter(o -> o.errorName != null && o.errorName.equals(name))
        .findFirst();
  }
}
