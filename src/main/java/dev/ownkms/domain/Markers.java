package dev.ownkms.domain;

import dev.ownkms.error.KmsException.InvalidMarkerException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Pagination markers: opaque to clients ("do not attempt to construct"), but only a marker this
 * server issued for the same listing is accepted; anything else is {@code InvalidMarkerException}.
 * A marker holds the sort key of the last item returned, so pages stay correct while items are
 * added or removed between calls.
 */
final class Markers {

  private Markers() { }

  static String encode(String listing, String lastSortKey) {
    byte[] raw = (listing + "\n" + lastSortKey).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** The sort key inside a marker, or null for no marker. */
  static String decode(String listing, String marker) {
    if (marker == null) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw new InvalidMarkerException();
    }
    String prefix = listing + "\n";
    if (!text.startsWith(prefix) || text.length() == prefix.length()) {
      throw new InvalidMarkerException();
    }
    return text.substring(prefix.length());
  }

  /** Cuts rows fetched with {@code limit + 1} into a page and the marker for the next one. */
  static <T> Page<T> page(
      String listing, List<T> rows, int limit, Function<T, String> sortKey) {
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), null);
    }
    List<T> items = List.copyOf(rows.subList(0, limit));
    return new Page<>(items, encode(listing, sortKey.apply(items.get(limit - 1))));
  }
}
