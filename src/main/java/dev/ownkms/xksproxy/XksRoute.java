package dev.ownkms.xksproxy;

import java.util.regex.Pattern;

/**
 * A request path resolved to an XKS operation (xks.md §1.2): {@code <prefix>/kms/xks/v1/health}
 * and {@code <prefix>/kms/xks/v1/keys/<keyId>/metadata|encrypt|decrypt}. Anything else, an
 * unknown prefix included, is {@code InvalidUriPathException}.
 *
 * @param operation the operation
 * @param keyId the external key id; null for health
 */
record XksRoute(XksOperation operation, String keyId) {

  /** xks.md §1.2: 1–128 characters of {@code [A-Za-z0-9._-]}. */
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  static final int MAX_URI = 256;

  /** Resolves a raw path (no query) under {@code uriPath} ({@code <prefix>/kms/xks/v1}). */
  static XksRoute resolve(String uriPath, String rawPath) {
    if (rawPath.length() > MAX_URI || !rawPath.startsWith(uriPath + "/")) {
      throw invalid();
    }
    String rest = rawPath.substring(uriPath.length() + 1);
    if (rest.equals("health")) {
      return new XksRoute(XksOperation.HEALTH, null);
    }
    if (!rest.startsWith("keys/")) {
      throw invalid();
    }
    String[] parts = rest.substring("keys/".length()).split("/", -1);
    if (parts.length != 2 || !KEY_ID.matcher(parts[0]).matches()) {
      throw invalid();
    }
    XksOperation operation = switch (parts[1]) {
      case "metadata" -> XksOperation.METADATA;
      case "encrypt" -> XksOperation.ENCRYPT;
      case "decrypt" -> XksOperation.DECRYPT;
      default -> throw invalid();
    };
    return new XksRoute(operation, parts[0]);
  }

  private static XksException invalid() {
    return new XksException(XksError.INVALID_URI_PATH, "the URI path is not an XKS API path of"
        + " this proxy");
  }
}
