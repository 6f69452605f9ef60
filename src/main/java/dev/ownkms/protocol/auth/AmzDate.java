package dev.ownkms.protocol.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code X-Amz-Date} form {@code yyyyMMdd'T'HHmmss'Z'}, read by hand: it is parsed on every
 * request, where a regular expression and a DateTimeFormatter cost a measurable share of Encrypt.
 */
final class AmzDate {

  private AmzDate() {}

  /** The instant, or null when the text has another shape or names no real time (month 13). */
  static Instant parse(String text) {
    if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z'
        || !digits(text, 0, 8) || !digits(text, 9, 15)) {
      return null;
    }
    try {
      return LocalDateTime.of(number(text, 0, 4), number(text, 4, 6), number(text, 6, 8),
          number(text, 9, 11), number(text, 11, 13), number(text, 13, 15))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Whether {@code text[from, to)} is all ASCII digits. */
  static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }
}
