package dev.ownkms.protocol;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header (RFC 1123, to the second), formatted once per second rather than per
 * response: formatting cost more than the rest of writing the headers. Thread-safe: the last
 * value is one immutable record behind a volatile field.
 */
final class HttpDates {

  private record Formatted(long epochSecond, String text) { }

  private final Clock clock;
  private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  HttpDates(Clock clock) {
    this.clock = clock;
  }

  String now() {
    Instant now = clock.instant();
    Formatted cached = last;
    if (cached.epochSecond() == now.getEpochSecond()) {
      return cached.text();
    }
    String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC));
    last = new Formatted(now.getEpochSecond(), text);
    return text;
  }
}
