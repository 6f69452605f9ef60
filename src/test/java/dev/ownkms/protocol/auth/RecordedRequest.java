package dev.ownkms.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request as the tests build it: header occurrences kept in order, names looked up
 * case-insensitively (as Netty's {@code HttpHeaders.getAll} does). Immutable; each change gives a
 * copy, so a test can derive a tampered request from a recorded one.
 */
record RecordedRequest(
    String method, String rawPath, String rawQuery, List<Header> headers, byte[] body)
    implements SignedRequest {

  record Header(String name, String value) {}

  RecordedRequest {
    headers = List.copyOf(headers);
    body = body.clone();
  }

  static RecordedRequest post(String body) {
    return new RecordedRequest("POST", "/", "", List.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<String> headerValues(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Appends one occurrence. */
  RecordedRequest header(String name, String value) {
    List<Header> changed = new ArrayList<>(headers);
    changed.add(new Header(name, value));
    return new RecordedRequest(method, rawPath, rawQuery, changed, body);
  }

  /** Replaces every occurrence of {@code name} by one, at the place of the first. */
  RecordedRequest replacing(String name, String value) {
    List<Header> changed = new ArrayList<>();
    boolean placed = false;
    for (Header header : headers) {
      if (!header.name().equalsIgnoreCase(name)) {
        changed.add(header);
      } else if (!placed) {
        changed.add(new Header(header.name(), value));
        placed = true;
      }
    }
    return new RecordedRequest(method, rawPath, rawQuery, changed, body);
  }

  RecordedRequest without(String name) {
    List<Header> changed =
        headers.stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList();
    return new RecordedRequest(method, rawPath, rawQuery, changed, body);
  }

  RecordedRequest withBody(byte[] newBody) {
    return new RecordedRequest(method, rawPath, rawQuery, headers, newBody);
  }

  RecordedRequest withTarget(String newRawPath, String newRawQuery) {
    return new RecordedRequest(method, newRawPath, newRawQuery, headers, body);
  }

  RecordedRequest withMethod(String newMethod) {
    return new RecordedRequest(newMethod, rawPath, rawQuery, headers, body);
  }

  String onlyValue(String name) {
    List<String> values = headerValues(name);
    if (values.size() != 1) {
      throw new IllegalStateException(name + " occurs " + values.size() + " times");
    }
    return values.getFirst();
  }

  @Override
  public String toString() {
    return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " " + headers;
  }
}
