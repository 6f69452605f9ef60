package dev.ownkms.xksproxy;

import java.nio.charset.StandardCharsets;

/**
 * A finished answer and what the access log and metrics need to know about it.
 *
 * @param status HTTP status
 * @param contentType the body's media type
 * @param body the body, for JSON a single line (the conformance client reads the last line)
 * @param operation the operation name for logs and metrics
 * @param keyId the key id from the path, or null
 * @param metadata the request's metadata once parsed, or null
 * @param outcome {@code OK} or the error name
 */
record Reply(int status, String contentType, byte[] body, String operation, String keyId,
    XksRequests.RequestMetadata metadata, String outcome) {

  static final String JSON = "application/json";

  static Reply text(int status, String text, String operation) {
    return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8),
        operation, null, null, "OK");
  }
}
