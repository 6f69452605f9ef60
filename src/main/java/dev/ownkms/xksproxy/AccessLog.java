package dev.ownkms.xksproxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the logger {@code dev.ownkms.xksproxy.requests}: operation, key id,
 * {@code kmsRequestId}, {@code kmsOperation}, HTTP status, outcome and latency. Never plaintext,
 * key material, signatures or secrets (xks.md §1.12).
 */
final class AccessLog {

  private static final Logger log = LoggerFactory.getLogger("dev.ownkms.xksproxy.requests");
  private static final JsonFactory JSON = new JsonFactory();

  void record(String operation, String keyId, XksRequests.RequestMetadata metadata, int status,
      String outcome, long nanos) {
    if (!log.isInfoEnabled()) {
      return;
    }
    StringWriter line = new StringWriter(192);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("operation", operation);
      if (keyId != null) {
        json.writeStringField("keyId", keyId);
      }
      if (metadata != null) {
        json.writeStringField("kmsRequestId", metadata.kmsRequestId());
        json.writeStringField("kmsOperation", metadata.kmsOperation());
      }
      json.writeNumberField("status", status);
      json.writeStringField("outcome", outcome);
      json.writeNumberField("latencyMs", Math.round(nanos / 10_000.0) / 100.0);
      json.writeEndObject();
    } catch (IOException e) {
      return;
    }
    log.info(line.toString());
  }
}
