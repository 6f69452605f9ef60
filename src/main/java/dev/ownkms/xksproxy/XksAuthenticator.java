package dev.ownkms.xksproxy;

import dev.ownkms.protocol.auth.AuthorizationHeader;
import dev.ownkms.protocol.auth.SigV4Verifier;
import dev.ownkms.protocol.auth.SignedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SigV4 for the XKS API (xks.md §1.9): service {@code kms-xks-proxy}, a configured credential,
 * the request time within five minutes of the clock, the scope date equal to the request date, an
 * allowed region, and a signature over exactly the headers the client listed, by the same verifier
 * as the KMS API's (KMS signs {@code host;x-amz-date}, curl adds {@code content-type}, the Java SDK
 * more). Every failure is {@code AuthenticationFailedException}.
 *
 * <p>The same signed request is accepted again within the window: the spec asks for no replay
 * detection, and KMS may retry. Pure CPU work; thread-safe; the credentials can be swapped while
 * running (rotation without restart).
 */
final class XksAuthenticator {

  static final String SERVICE = "kms-xks-proxy";
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final Pattern AMZ_DATE_SHAPE = Pattern.compile("\\d{8}T\\d{6}Z");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  private final SigV4Verifier verifier = new SigV4Verifier();
  private final Clock clock;
  private final Set<String> regions;
  private volatile Map<String, XksProxyConfig.Credential> credentials;

  XksAuthenticator(List<XksProxyConfig.Credential> credentials, Set<String> regions,
      Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.regions = Set.copyOf(regions);
    replaceCredentials(credentials);
  }

  /** Takes effect for the next request; requests in flight finish with the old set. */
  void replaceCredentials(List<XksProxyConfig.Credential> credentials) {
    this.credentials = credentials.stream().collect(Collectors.toUnmodifiableMap(
        XksProxyConfig.Credential::accessKeyId, Function.identity()));
  }

  /** Returns the access key id the request was signed with, or throws 401. */
  String authenticate(SignedRequest request) {
    List<String> values = request.headerValues("authorization");
    if (values.size() != 1 || values.getFirst().isBlank()) {
      throw failed("the request needs exactly one SigV4 Authorization header");
    }
    AuthorizationHeader authorization;
    try {
      authorization = AuthorizationHeader.parse(values.getFirst());
    } catch (RuntimeException e) {
      throw failed("the Authorization header is not SigV4: " + e.getMessage());
    }
    List<String> dates = request.headerValues("x-amz-date");
    if (dates.size() != 1) {
      throw failed("the request needs exactly one X-Amz-Date header");
    }
    String xAmzDate = dates.getFirst().strip();
    Instant requestTime = requestTime(xAmzDate);
    List<String> signed = authorization.signedHeaders();
    if (!signed.contains("host") || !signed.contains("x-amz-date")) {
      throw failed("host and x-amz-date must be signed headers");
    }
    for (String name : signed) {
      if (request.headerValues(name).isEmpty()) {
        throw failed("the signed header " + name + " is not in the request");
      }
    }
    if (!SERVICE.equals(authorization.service())) {
      throw failed("the credential scope must name the service " + SERVICE);
    }
    if (!REGION.matcher(authorization.region()).matches()
        || (!regions.isEmpty() && !regions.contains(authorization.region()))) {
      throw failed("the credential scope's region is not accepted by this proxy");
    }
    if (!authorization.date().equals(xAmzDate.substring(0, 8))) {
      throw failed("the credential scope's date is not the date of X-Amz-Date");
    }
    Instant now = clock.instant();
    if (requestTime.isBefore(now.minus(MAX_SKEW)) || requestTime.isAfter(now.plus(MAX_SKEW))) {
      throw failed("X-Amz-Date is more than 5 minutes away from the proxy's clock");
    }
    XksProxyConfig.Credential credential = credentials.get(authorization.accessKeyId());
    if (credential == null) {
      throw failed("the access key id is not known to this proxy");
    }
    if (!verifier.matches(request, authorization, xAmzDate, credential.secretAccessKey())) {
      throw failed("the signature does not match");
    }
    return credential.accessKeyId();
  }

  private static Instant requestTime(String xAmzDate) {
    if (AMZ_DATE_SHAPE.matcher(xAmzDate).matches()) {
      try {
        return LocalDateTime.parse(xAmzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // an impossible date: the same answer as a wrong shape
      }
    }
    throw failed("X-Amz-Date must be yyyyMMdd'T'HHmmss'Z'");
  }

  private static XksException failed(String message) {
    return new XksException(XksError.AUTHENTICATION_FAILED, message);
  }
}
