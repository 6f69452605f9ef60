package dev.ownkms.protocol.auth;

import dev.ownkms.error.KmsException.IncompleteSignatureException;
import dev.ownkms.error.KmsException.InvalidSignatureException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=<akid>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=<a;b;c>, Signature=<hex>}.
 *
 * <p>Parsing checks the shape only. Whether the scope fits the request (date, service, region) is
 * the {@link RequestAuthenticator}'s business, and whether the signature is right the {@link
 * SigV4Verifier}'s.
 *
 * @param accessKeyId the access key id, as sent
 * @param date the scope date, {@code yyyyMMdd} as sent (not yet checked)
 * @param region the scope region, as sent (not yet checked)
 * @param service the scope service, as sent (not yet checked)
 * @param signedHeaders the signed header names, lower-cased, in the order sent
 * @param signature the signature, as sent
 */
public record AuthorizationHeader(
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature) {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String TERMINATOR = "aws4_request";

  private static final String CREDENTIAL = "Credential";
  private static final String SIGNED_HEADERS = "SignedHeaders";
  private static final String SIGNATURE = "Signature";

  /** Client text echoed in a message is cut to this length, so a pasted secret cannot travel far. */
  private static final int MAX_ECHO = 64;

  public AuthorizationHeader {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(service, "service");
    signedHeaders = List.copyOf(signedHeaders);
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * Parses the header value.
   *
   * @throws IncompleteSignatureException if the algorithm is not SigV4, a parameter is missing or
   *     repeated, or the credential does not have five elements (kms-errors.md §3)
   * @throws InvalidSignatureException if the credential scope does not end in {@code aws4_request};
   *     AWS reports a wrong scope as a signature problem, not a malformed header
   */
  public static AuthorizationHeader parse(String value) {
    String header = value.strip();
    int space = header.indexOf(' ');
    String algorithm = space < 0 ? header : header.substring(0, space);
    if (!ALGORITHM.equals(algorithm)) {
      throw new IncompleteSignatureException(
          "Unsupported AWS 'algorithm': '" + echo(algorithm) + "'.");
    }
    Map<String, String> parameters = parameters(header.substring(space + 1));
    List<String> missing = new ArrayList<>();
    for (String name : List.of(CREDENTIAL, SIGNED_HEADERS, SIGNATURE)) {
      if (parameters.getOrDefault(name, "").isEmpty()) {
        missing.add("Authorization header requires '" + name + "' parameter.");
      }
    }
    if (!missing.isEmpty()) {
      throw new IncompleteSignatureException(String.join(" ", missing));
    }
    String credential = parameters.get(CREDENTIAL);
    String[] scope = credential.split("/", -1);
    if (scope.length != 5) {
      throw new IncompleteSignatureException(
          "Credential must have exactly 5 slash-delimited elements, e.g."
              + " keyid/date/region/service/term, got '" + echo(credential) + "'");
    }
    if (!TERMINATOR.equals(scope[4])) {
      throw new InvalidSignatureException(
          "Credential should be scoped with a valid terminator: 'aws4_request', not '"
              + echo(scope[4]) + "'.");
    }
    List<String> signedHeaders = new ArrayList<>();
    for (String name : parameters.get(SIGNED_HEADERS).split(";", -1)) {
      // Header names are case-insensitive; clients sign them lower-cased (SigV4 canonical form).
      signedHeaders.add(name.strip().toLowerCase(Locale.ROOT));
    }
    return new AuthorizationHeader(
        scope[0], scope[1], scope[2], scope[3], signedHeaders, parameters.get(SIGNATURE));
  }

  /** {@code <date>/<region>/<service>/aws4_request}, the third line of the string to sign. */
  public String credentialScope() {
    return date + "/" + region + "/" + service + "/" + TERMINATOR;
  }

  /**
   * The {@code name=value} pairs after the algorithm, separated by commas with optional spaces
   * (botocore writes {@code ", "}, some clients {@code ","}). Names we do not know are ignored, as
   * AWS does; a repeated name is refused, since the two copies could be read differently.
   */
  private static Map<String, String> parameters(String text) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String pair = part.strip();
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = pair.substring(0, equals).strip();
      if (parameters.putIfAbsent(name, pair.substring(equals + 1).strip()) != null) {
        throw new IncompleteSignatureException(
            "Authorization header has more than one '" + echo(name) + "' parameter.");
      }
    }
    return parameters;
  }

  private static String echo(String clientText) {
    return clientText.length() <= MAX_ECHO ? clientText : clientText.substring(0, MAX_ECHO) + "...";
  }
}
