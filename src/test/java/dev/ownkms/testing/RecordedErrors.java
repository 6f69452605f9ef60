package dev.ownkms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The error responses recorded from real AWS ({@code ../shared/reference/aws-recorded-errors.json}),
 * so tests compare against the recording itself rather than a copy of its text.
 */
public final class RecordedErrors {

  private static final Path FILE = Path.of("..", "shared", "reference", "aws-recorded-errors.json");
  private static final JsonNode CASES = load();

  private RecordedErrors() { }

  /** One recorded case, found by its LocalStack test (name after {@code ::}) and snapshot key. */
  public static Recorded find(String test, String snapshotKey) {
    for (JsonNode c : CASES) {
      if (c.get("localstack_test").asText().endsWith("::" + test)
          && c.get("snapshot_key").asText().equals(snapshotKey)) {
        return new Recorded(c.get("operation").asText(), c.get("__type").asText(),
            c.get("message").asText(), c.get("http_status").asInt());
      }
    }
    throw new IllegalArgumentException("no recorded case " + test + " / " + snapshotKey);
  }

  /** A recorded error; {@link #message(Map)} fills the recording's placeholders. */
  public record Recorded(String operation, String type, String message, int status) {
    public String message(Map<String, String> placeholders) {
      String text = message;
      for (Map.Entry<String, String> p : placeholders.entrySet()) {
        text = text.replace(p.getKey(), p.getValue());
      }
      if (text.matches("(?s).*<[a-z-]+(:\\d+)?>.*")) {
        throw new IllegalStateException("unfilled placeholder in: " + text);
      }
      return text;
    }
  }

  private static JsonNode load() {
    try {
      return new ObjectMapper().readTree(FILE.toFile()).get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }
}
