package dev.ownkms.protocol.auth;

import dev.ownkms.domain.Caller;
import dev.ownkms.error.KmsException.IncompleteSignatureException;
import dev.ownkms.error.KmsException.InvalidSignatureException;
import dev.ownkms.error.KmsException.MissingAuthenticationTokenException;
import dev.ownkms.error.KmsException.UnrecognizedClientException;
import dev.ownkms.protocol.auth.CredentialsFile.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a SigV4-signed request into the {@link Caller} it acts for (DESIGN.md "Accounts, regions,
 * auth"): the Region from the credential scope, the account from the access key.
 *
 * <p>Both modes check that the request is well-formed SigV4 for KMS: an {@code Authorization}
 * header that parses, an {@code X-Amz-Date}, {@code host} and {@code x-amz-date} among the signed
 * headers, every signed header present, and a scope of the request's date, a valid Region and
 * {@code kms}. {@link AuthMode#STRICT} also requires a known access key, a request time within
 * five minutes of the clock, and a correct signature. The checks the signer does not make are
 * listed in sigv4-verification.md, "Checks that none of the signers performs".
 *
 * <p>Pure CPU work, no blocking: it may run on an event loop. Thread-safe.
 */
public final class RequestAuthenticator {

  /** The account of every access key that does not name one. */
  static final String DEFAULT_ACCOUNT_ID = "111122223333";

  static final String SERVICE = "kms";
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  private static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";

  private final AuthMode mode;
  private final Map<String, Credential> credentials;
  private final Clock clock;
  private final SigV4Verifier verifier = new SigV4Verifier();

  /**
   * @param credentials access key id → credential, e.g. from {@link CredentialsFile#load}; may be
   *     empty in permissive mode, where it is not used
   * @throws IllegalArgumentException for strict mode without credentials, which would refuse every
   *     request
   */
  public RequestAuthenticator(AuthMode mode, Map<String, Credential> credentials, Clock clock) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.credentials = Map.copyOf(credentials);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (mode == AuthMode.STRICT && this.credentials.isEmpty()) {
      throw new IllegalArgumentException(
          "auth mode strict needs at least one credential in the credentials file");
    }
  }

  /**
   * The caller of {@code request}.
   *
   * @throws MissingAuthenticationTokenException if there is no {@code Authorization} header
   * @throws IncompleteSignatureException if the header, {@code X-Amz-Date} or the signed-header
   *     set is malformed or incomplete
   * @throws InvalidSignatureException if the scope does not fit the request, or (strict) the time
   *     is outside the allowed skew or the signature is wrong
   * @throws UnrecognizedClientException (strict) if the access key id is not in the credentials
   */
  public Caller authenticate(SignedRequest request) {
    AuthorizationHeader authorization = authorizationHeader(request);
    String xAmzDate = xAmzDate(request);
    checkSignedHeaders(request, authorization.signedHeaders());
    checkScope(authorization, xAmzDate);
    return switch (mode) {
      case PERMISSIVE -> new Caller(permissiveAccount(authorization.accessKeyId()), authorization.region());
      case STRICT -> strict(request, authorization, xAmzDate);
    };
  }

  private Caller strict(SignedRequest request, AuthorizationHeader authorization, String xAmzDate) {
    Credential credential = credentials.get(authorization.accessKeyId());
    if (credential == null) {
      throw new UnrecognizedClientException();
    }
    checkSkew(xAmzDate);
    if (!verifier.matches(request, authorization, xAmzDate, credential.secret())) {
      throw new InvalidSignatureException(SIGNATURE_MISMATCH);
    }
    return new Caller(credential.accountId(), authorization.region());
  }

  private static AuthorizationHeader authorizationHeader(SignedRequest request) {
    List<String> values = request.headerValues("authorization");
    // An empty header authenticates as little as none at all.
    if (values.isEmpty() || values.stream().allMatch(String::isBlank)) {
      throw new MissingAuthenticationTokenException();
    }
    if (values.size() > 1) {
      throw new IncompleteSignatureException("Authorization header must appear only once.");
    }
    return AuthorizationHeader.parse(values.getFirst());
  }

  /**
   * The request time as sent. Only {@code X-Amz-Date} is read: every SigV4 client sends it, and
   * the signature covers it (checkSignedHeaders), unlike a proxy-added {@code Date}.
   */
  private static String xAmzDate(SignedRequest request) {
    List<String> values = request.headerValues("x-amz-date");
    if (values.isEmpty()) {
      throw new IncompleteSignatureException(
          "Authorization header requires existence of a 'X-Amz-Date' header.");
    }
    // Two copies are as malformed as a bad one; joined, they also fail the shape check below.
    String value = String.join(",", values).strip();
    requestInstant(value);
    return value;
  }

  private static Instant requestInstant(String xAmzDate) {
    // A wrong shape and an impossible date (month 13) get the same answer.
    Instant instant = AmzDate.parse(xAmzDate);
    if (instant != null) {
      return instant;
    }
    throw new IncompleteSignatureException(
        "Date must be in ISO-8601 'basic format'. Got '" + xAmzDate + "'. See"
            + " http://en.wikipedia.org/wiki/ISO_8601");
  }

  private static void checkSignedHeaders(SignedRequest request, List<String> signedHeaders) {
    // Unsigned, they could be changed in transit: the host (another endpoint) or the time (replay).
    if (!signedHeaders.contains("host")) {
      throw new IncompleteSignatureException(
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!signedHeaders.contains("x-amz-date")) {
      throw new IncompleteSignatureException(
          "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }
    for (String name : signedHeaders) {
      if (request.headerValues(name).isEmpty()) {
        throw new IncompleteSignatureException(
            "Signed header '" + name + "' is not present in the request.");
      }
    }
  }

  private static void checkScope(AuthorizationHeader authorization, String xAmzDate) {
    if (!SERVICE.equals(authorization.service())) {
      throw new InvalidSignatureException(
          "Credential should be scoped to correct service: '" + SERVICE + "'.");
    }
    if (!isRegion(authorization.region())) {
      throw new InvalidSignatureException(
          "Credential should be scoped to a valid region, not '" + authorization.region() + "'.");
    }
    String requestDate = xAmzDate.substring(0, 8);
    if (!authorization.date().equals(requestDate)) {
      throw new InvalidSignatureException(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '" + authorization.date() + "' != '" + requestDate + "', from '" + xAmzDate
              + "'.");
    }
  }

  /** kms-errors.md §3: AWS's texts, with request time, window edge and now to the second. */
  private void checkSkew(String xAmzDate) {
    Instant requestTime = requestInstant(xAmzDate);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant earliest = now.minus(MAX_SKEW);
    Instant latest = now.plus(MAX_SKEW);
    if (requestTime.isBefore(earliest)) {
      throw new InvalidSignatureException(
          "Signature expired: " + xAmzDate + " is now earlier than " + format(earliest) + " ("
              + format(now) + " - " + MAX_SKEW.toMinutes() + " min.)");
    }
    if (requestTime.isAfter(latest)) {
      throw new InvalidSignatureException(
          "Signature not yet current: " + xAmzDate + " is still later than " + format(latest)
              + " (" + format(now) + " + " + MAX_SKEW.toMinutes() + " min.)");
    }
  }

  private static String permissiveAccount(String accessKeyId) {
    boolean account = accessKeyId.length() == 12 && AmzDate.digits(accessKeyId, 0, 12);
    return account ? accessKeyId : DEFAULT_ACCOUNT_ID;
  }

  /** {@code [a-z]{2}(-[a-z]+)+-\d+}, e.g. us-east-1, checked by hand (it runs per request). */
  static boolean isRegion(String region) {
    String[] parts = region.split("-", -1);
    if (parts.length < 3 || parts[0].length() != 2 || !lowercase(parts[0])) {
      return false;
    }
    for (int i = 1; i < parts.length - 1; i++) {
      if (parts[i].isEmpty() || !lowercase(parts[i])) {
        return false;
      }
    }
    String number = parts[parts.length - 1];
    return !number.isEmpty() && AmzDate.digits(number, 0, number.length());
  }

  private static boolean lowercase(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < 'a' || text.charAt(i) > 'z') {
        return false;
      }
    }
    return true;
  }

  private static String format(Instant instant) {
    return AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}
