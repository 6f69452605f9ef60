package dev.ownkms.keystore.xks;

import java.util.Objects;

/**
 * What every request's {@code requestMetadata} carries (xks.md §1.3).
 *
 * @param kmsOperation the KMS API that caused the call, e.g. {@code KmsHealthCheck}, {@code
 *     CreateKey}, {@code Encrypt}
 * @param awsPrincipalArn the caller; not sent on GetHealthStatus (null allowed there)
 * @param kmsKeyArn the KMS key; sent on Encrypt and Decrypt only (null for health and metadata)
 */
public record XksCallContext(String kmsOperation, String kmsRequestId, String awsPrincipalArn,
    String kmsKeyArn) {

  public XksCallContext {
    Objects.requireNonNull(kmsOperation, "kmsOperation");
    Objects.requireNonNull(kmsRequestId, "kmsRequestId");
  }
}
