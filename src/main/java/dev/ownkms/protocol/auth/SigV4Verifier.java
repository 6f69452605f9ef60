package dev.ownkms.protocol.auth;

import dev.ownkms.domain.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a SigV4 header signature by computing it again from the received request, in the named
 * steps of the AWS SDK signer: canonical request, string to sign, signing key, signature.
 *
 * <p>Hand-written over the JDK because the SDK signers cannot reproduce what boto3, the CLI and
 * curl sign (sigv4-verification.md, "Answer"), and they silently skip headers such as {@code
 * user-agent} that a client may list in {@code SignedHeaders} (trap 3). This class canonicalises
 * exactly the signed headers and nothing else.
 *
 * <p>It checks the signature only. Clock skew, the scope's date, service and region, and which
 * headers must be signed are checked by {@link RequestAuthenticator}.
 *
 * <p>Thread-safe. Signing keys are cached per (secret, date, region, service): deriving one costs
 * four HMACs, more than the rest of a verification.
 */
public final class SigV4Verifier {

  private static final Logger log = LoggerFactory.getLogger(SigV4Verifier.class);

  /** Enough for many access keys times a few regions; a full cache is simply emptied. */
  static final int MAX_CACHED_SIGNING_KEYS = 512;

  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final String SECURITY_TOKEN_LINE = "x-amz-security-token:";

  /** Keyed by a digest of the secret, so the map itself holds no secret text. */
  private record SigningKeyId(String secretDigest, String date, String region, String service) {}

  private final Map<SigningKeyId, byte[]> signingKeys = new ConcurrentHashMap<>();

  /*
   * One digest and one MAC per thread: getInstance walks the JCA provider list on each call, and a
   * verification makes four of them. Each use is complete (digest/doFinal) before the next.
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  });
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance(HMAC_SHA256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  });

  /**
   * Whether {@code authorization.signature()} is the signature of {@code request} under {@code
   * secret}, with {@code xAmzDate} as the request time. Compares in constant time (trap 11).
   */
  public boolean matches(
      SignedRequest request, AuthorizationHeader authorization, String xAmzDate, Secret secret) {
    String canonicalRequest = canonicalRequest(request, authorization.signedHeaders());
    String stringToSign = stringToSign(xAmzDate, authorization.credentialScope(), canonicalRequest);
    byte[] signingKey =
        signingKey(secret, authorization.date(), authorization.region(), authorization.service());
    String expected = signature(signingKey, stringToSign);
    boolean matches =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            authorization.signature().getBytes(StandardCharsets.UTF_8));
    if (!matches && log.isDebugEnabled()) {
      // What the client should compare with its own debug output (botocore logs the same two).
      log.debug(
          "SigV4 signature mismatch for access key {}\nCanonicalRequest:\n{}\nStringToSign:\n{}",
          authorization.accessKeyId(),
          redactSecurityToken(canonicalRequest),
          stringToSign);
    }
    return matches;
  }

  /**
   * Step 1: the canonical request. Only {@code signedHeaders} take part, in the order given (the
   * client sorted them when it signed).
   */
  public static String canonicalRequest(SignedRequest request, List<String> signedHeaders) {
    StringBuilder canonical = new StringBuilder(512);
    canonical.append(request.method()).append('\n');
    canonical.append(canonicalUri(request.rawPath())).append('\n');
    canonical.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      canonical.append(name).append(':');
      List<String> values = request.headerValues(name);
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          // Trap 6: each occurrence trimmed, then joined with "," and no space, in received order.
          canonical.append(',');
        }
        canonical.append(trimAll(values.get(i)));
      }
      canonical.append('\n');
    }
    canonical.append('\n');
    canonical.append(String.join(";", signedHeaders)).append('\n');
    // Trap 9: the hash of what arrived. x-amz-content-sha256 is only a claim by the client.
    canonical.append(sha256Hex(request.body()));
    return canonical.toString();
  }

  /** Step 2: the string to sign. */
  public static String stringToSign(String xAmzDate, String credentialScope, String canonicalRequest) {
    return AuthorizationHeader.ALGORITHM
        + '\n'
        + xAmzDate
        + '\n'
        + credentialScope
        + '\n'
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Step 3: the signing key, HMAC chain "AWS4"+secret → date → region → service →
   * "aws4_request". Returns the cached array: callers must not change it.
   */
  byte[] signingKey(Secret secret, String date, String region, String service) {
    byte[] secretBytes = ("AWS4" + secret.revealUtf8()).getBytes(StandardCharsets.UTF_8);
    SigningKeyId id = new SigningKeyId(sha256Hex(secretBytes), date, region, service);
    byte[] cached = signingKeys.get(id);
    if (cached != null) {
      return cached;
    }
    byte[] key = hmac(secretBytes, date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, AuthorizationHeader.TERMINATOR);
    if (signingKeys.size() >= MAX_CACHED_SIGNING_KEYS) {
      // Emptying is cruder than LRU but bounded and lock-free; keys are cheap to derive again.
      signingKeys.clear();
    }
    signingKeys.put(id, key);
    return key;
  }

  /** Step 4: the signature, lower-case hex. */
  static String signature(byte[] signingKey, String stringToSign) {
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  int cachedSigningKeys() {
    return signingKeys.size();
  }

  /**
   * The path, URI-encoded once more (trap 8), as botocore and the SDKs do for every service but
   * S3: {@code %20} becomes {@code %2520}. Dot segments and empty segments are removed first, as
   * botocore's {@code remove_dot_segments} does.
   */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.removeLast();
        }
      } else {
        segments.add(segment);
      }
    }
    StringBuilder path = new StringBuilder(rawPath.length() + 16);
    if (rawPath.startsWith("/")) {
      path.append('/');
    }
    path.append(String.join("/", segments));
    if (rawPath.endsWith("/") && !segments.isEmpty()) {
      path.append('/');
    }
    return path.isEmpty() ? "/" : uriEncode(path.toString(), true);
  }

  /**
   * The query: each name and value decoded, encoded again per RFC 3986, sorted by name and then
   * value; a parameter without a value becomes {@code name=} (trap 8). A {@code +} is a plus sign
   * here, not a space: SigV4 clients encode spaces as {@code %20}.
   */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    record Parameter(String name, String value) {}
    List<Parameter> parameters = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.add(
          new Parameter(uriEncode(percentDecode(name), false), uriEncode(percentDecode(value), false)));
    }
    parameters.sort(Comparator.comparing(Parameter::name).thenComparing(Parameter::value));
    StringBuilder query = new StringBuilder(rawQuery.length() + 16);
    for (Parameter parameter : parameters) {
      if (!query.isEmpty()) {
        query.append('&');
      }
      query.append(parameter.name()).append('=').append(parameter.value());
    }
    return query.toString();
  }

  /**
   * Trims the value and collapses each run of spaces and tabs inside it to one space (trap 5),
   * the SigV4 "Trimall".
   */
  static String trimAll(String value) {
    StringBuilder trimmed = new StringBuilder(value.length());
    boolean pendingSpace = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        pendingSpace = !trimmed.isEmpty();
      } else {
        if (pendingSpace) {
          trimmed.append(' ');
          pendingSpace = false;
        }
        trimmed.append(c);
      }
    }
    return trimmed.toString();
  }

  /** RFC 3986 encoding of the UTF-8 bytes: unreserved characters stay, everything else is %XX. */
  private static String uriEncode(String text, boolean keepSlash) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c) || (keepSlash && c == '/')) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append((char) UPPER_HEX[c >> 4]).append((char) UPPER_HEX[c & 0xf]);
      }
    }
    return encoded.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~';
  }

  /** Decodes %XX escapes; a {@code %} that starts no valid escape is kept as a literal. */
  private static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && HexFormat.isHexDigit(bytes[i + 1])
          && HexFormat.isHexDigit(bytes[i + 2])) {
        decoded.write(HexFormat.fromHexDigit(bytes[i + 1]) << 4 | HexFormat.fromHexDigit(bytes[i + 2]));
        i += 2;
      } else {
        decoded.write(bytes[i]);
      }
    }
    return decoded.toString(StandardCharsets.UTF_8);
  }

  /** Session tokens are credentials too: keep them out of debug logs (kms-errors.md §3). */
  private static String redactSecurityToken(String canonicalRequest) {
    return canonicalRequest
        .lines()
        .map(line -> line.startsWith(SECURITY_TOKEN_LINE) ? SECURITY_TOKEN_LINE + "***" : line)
        .collect(Collectors.joining("\n"));
  }

  private static String sha256Hex(byte[] data) {
    // digest() resets the instance for its next use.
    return HEX.formatHex(SHA256.get().digest(data));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = HMAC.get();
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
