package dev.ownkms.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.Secret;
import dev.ownkms.error.KmsException;
import dev.ownkms.error.KmsException.IncompleteSignatureException;
import dev.ownkms.error.KmsException.InvalidSignatureException;
import dev.ownkms.error.KmsException.MissingAuthenticationTokenException;
import dev.ownkms.error.KmsException.UnrecognizedClientException;
import dev.ownkms.protocol.auth.CredentialsFile.Credential;
import dev.ownkms.protocol.auth.SigV4Vectors.Vector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequestAuthenticatorTest {

  /** The X-Amz-Date of the recorded boto3 vector. */
  private static final Instant BOTO3_TIME = Instant.parse("2026-11-23T18:10:40Z");

  private static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";

  /** Strict mode's accounts come from here, never from the access key id. */
  private static final Map<String, Credential> CREDENTIALS = Map.of(
      "AKIDEXAMPLE", new Credential("AKIDEXAMPLE", Secret.of("secret"), "444455556666"),
      "444455556666", new Credential("444455556666", Secret.of("secret"), "999988887777"));

  private static RequestAuthenticator strictAt(Instant now) {
    return new RequestAuthenticator(AuthMode.STRICT, CREDENTIALS, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static RequestAuthenticator permissiveAt(Instant now) {
    return new RequestAuthenticator(AuthMode.PERMISSIVE, Map.of(), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static RequestAuthenticator authenticator(AuthMode mode) {
    return mode == AuthMode.STRICT ? strictAt(BOTO3_TIME) : permissiveAt(BOTO3_TIME);
  }

  private static Instant timeOf(RecordedRequest request) {
    return LocalDateTime.parse(request.onlyValue("X-Amz-Date"),
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        .toInstant(ZoneOffset.UTC);
  }

  /** The boto3 vector with another Authorization header; its signature only counts in strict mode. */
  private static RecordedRequest boto3With(String credential, String signedHeaders) {
    return SigV4Vectors.boto3ListKeys().replacing("Authorization",
        "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + signedHeaders
            + ", Signature=7f7c24f1e5a54fc23e2d30eba57c48234fc54adadddc95e815f4b9a1e418d007");
  }

  private static final String BOTO3_SIGNED = "content-type;host;x-amz-date;x-amz-target";

  static List<Vector> vectors() {
    return SigV4Vectors.all();
  }

  // ---- strict mode

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void strict_validSignature_givesTheCredentialsAccountAndTheScopeRegion(Vector vector) {
    RecordedRequest request = vector.request();
    AuthorizationHeader header = SigV4Vectors.authorizationOf(request);

    Caller caller = strictAt(timeOf(request)).authenticate(request);

    assertThat(caller).isEqualTo(
        new Caller(CREDENTIALS.get(header.accessKeyId()).accountId(), header.region()));
  }

  @Test
  void strict_sessionTokenRequest_isAcceptedWithTheTokenAsAnOrdinarySignedHeader() {
    Caller caller = strictAt(SigV4Vectors.BOTOCORE_TIME).authenticate(SigV4Vectors.sessionToken());

    assertThat(caller).isEqualTo(new Caller("444455556666", "eu-west-1"));
  }

  @Test
  void strict_tamperedBody_failsWithInvalidSignature() {
    RecordedRequest tampered = SigV4Vectors.boto3ListKeys().withBody("{ }".getBytes());

    assertThatThrownBy(() -> strictAt(BOTO3_TIME).authenticate(tampered))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage(SIGNATURE_MISMATCH);
  }

  @Test
  void strict_wrongSecret_failsWithInvalidSignature() {
    RequestAuthenticator authenticator = new RequestAuthenticator(AuthMode.STRICT,
        Map.of("AKIDEXAMPLE", new Credential("AKIDEXAMPLE", Secret.of("not-secret"), "444455556666")),
        Clock.fixed(BOTO3_TIME, ZoneOffset.UTC));

    assertThatThrownBy(() -> authenticator.authenticate(SigV4Vectors.boto3ListKeys()))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage(SIGNATURE_MISMATCH);
  }

  @Test
  void strict_unknownAccessKey_failsWithUnrecognizedClient() {
    RecordedRequest request = boto3With("AKIDUNKNOWN/20261123/us-east-1/kms/aws4_request", BOTO3_SIGNED);

    assertThatThrownBy(() -> strictAt(BOTO3_TIME).authenticate(request))
        .isInstanceOf(UnrecognizedClientException.class)
        .hasMessage("The security token included in the request is invalid.");
  }

  @ParameterizedTest(name = "clock {0}s from the request")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      0       | ""
      300     | ""
      -300    | ""
      300.999 | ""
      301     | Signature expired: 20261123T181040Z is now earlier than 20261123T181041Z (20261123T181541Z - 5 min.)
      3600    | Signature expired: 20261123T181040Z is now earlier than 20261123T190540Z (20261123T191040Z - 5 min.)
      -301    | Signature not yet current: 20261123T181040Z is still later than 20261123T181039Z (20261123T180539Z + 5 min.)
      -86400  | Signature not yet current: 20261123T181040Z is still later than 20261122T181540Z (20261122T181040Z + 5 min.)
      """)
  void strict_requestTime_mayBeAtMostFiveMinutesFromTheClock(String offsetSeconds, String message) {
    Duration offset = Duration.ofMillis(Math.round(Double.parseDouble(offsetSeconds) * 1000));
    RequestAuthenticator authenticator = strictAt(BOTO3_TIME.plus(offset));

    if (message.isEmpty()) {
      assertThat(authenticator.authenticate(SigV4Vectors.boto3ListKeys()).region()).isEqualTo("us-east-1");
    } else {
      assertThatThrownBy(() -> authenticator.authenticate(SigV4Vectors.boto3ListKeys()))
          .isInstanceOf(InvalidSignatureException.class)
          .hasMessage(message);
    }
  }

  @Test
  void strict_withoutCredentials_isRefusedAtConstruction() {
    assertThatThrownBy(() -> new RequestAuthenticator(AuthMode.STRICT, Map.of(), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strict");
  }

  // ---- permissive mode

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void permissive_acceptsWellFormedRequest_atAnyClockTime(Vector vector) {
    RequestAuthenticator farFuture = permissiveAt(Instant.parse("2031-01-01T00:00:00Z"));

    assertThatCode(() -> farFuture.authenticate(vector.request())).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "access key {0} -> account {1}")
  @CsvSource(delimiter = '|', textBlock = """
      444455556666   | 444455556666
      000000000000   | 000000000000
      AKIDEXAMPLE    | 111122223333
      44445555666    | 111122223333
      4444555566667  | 111122223333
      44445555666a   | 111122223333
      """)
  void permissive_twelveDigitAccessKeyIsTheAccount_anyOtherMapsToTheDefault(
      String accessKeyId, String account) {
    RecordedRequest request = boto3With(accessKeyId + "/20261123/eu-west-3/kms/aws4_request", BOTO3_SIGNED);

    assertThat(permissiveAt(BOTO3_TIME).authenticate(request)).isEqualTo(new Caller(account, "eu-west-3"));
  }

  @Test
  void permissive_wrongSignature_isAccepted() {
    RecordedRequest request = boto3With("AKIDEXAMPLE/20261123/us-east-1/kms/aws4_request", BOTO3_SIGNED)
        .replacing("X-Amz-Target", "TrentService.Encrypt");

    assertThat(permissiveAt(BOTO3_TIME).authenticate(request))
        .isEqualTo(new Caller("111122223333", "us-east-1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(textBlock = """
      us-east-1
      eu-central-1
      ap-southeast-2
      us-gov-west-1
      cn-north-1
      il-central-1
      us-isob-east-1
      """)
  void regionShapedScope_isTheCallersRegion(String region) {
    RecordedRequest request = boto3With("AKIDEXAMPLE/20261123/" + region + "/kms/aws4_request", BOTO3_SIGNED);

    assertThat(permissiveAt(BOTO3_TIME).authenticate(request).region()).isEqualTo(region);
  }

  // ---- malformed requests fail the same way in both modes

  record Failure(String name, RecordedRequest request, Class<? extends KmsException> type, String message) {}

  static List<Failure> failures() {
    RecordedRequest boto3 = SigV4Vectors.boto3ListKeys();
    String authorization = boto3.onlyValue("Authorization");
    String dateMessage = "Date must be in ISO-8601 'basic format'. Got '%s'. See"
        + " http://en.wikipedia.org/wiki/ISO_8601";
    return List.of(
        new Failure("no Authorization header", boto3.without("Authorization"),
            MissingAuthenticationTokenException.class, "Missing Authentication Token"),
        new Failure("blank Authorization header", boto3.replacing("Authorization", "  "),
            MissingAuthenticationTokenException.class, "Missing Authentication Token"),
        new Failure("two Authorization headers", boto3.header("Authorization", authorization),
            IncompleteSignatureException.class, "Authorization header must appear only once."),
        new Failure("Authorization without Signature",
            boto3.replacing("Authorization", authorization.substring(0, authorization.indexOf(", Signature="))),
            IncompleteSignatureException.class, "Authorization header requires 'Signature' parameter."),
        new Failure("no X-Amz-Date", boto3.without("X-Amz-Date"),
            IncompleteSignatureException.class,
            "Authorization header requires existence of a 'X-Amz-Date' header."),
        new Failure("X-Amz-Date in extended ISO format",
            boto3.replacing("X-Amz-Date", "2026-11-23T18:10:40Z"),
            IncompleteSignatureException.class, dateMessage.formatted("2026-11-23T18:10:40Z")),
        new Failure("X-Amz-Date with month 13", boto3.replacing("X-Amz-Date", "20261323T181040Z"),
            IncompleteSignatureException.class, dateMessage.formatted("20261323T181040Z")),
        new Failure("X-Amz-Date twice", boto3.header("X-Amz-Date", "20261123T181040Z"),
            IncompleteSignatureException.class,
            dateMessage.formatted("20261123T181040Z,20261123T181040Z")),
        new Failure("host not signed",
            boto3With("AKIDEXAMPLE/20261123/us-east-1/kms/aws4_request", "content-type;x-amz-date;x-amz-target"),
            IncompleteSignatureException.class,
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
        new Failure("x-amz-date not signed",
            boto3With("AKIDEXAMPLE/20261123/us-east-1/kms/aws4_request", "content-type;host;x-amz-target"),
            IncompleteSignatureException.class,
            "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."),
        new Failure("signed header missing from the request", boto3.without("Content-Type"),
            IncompleteSignatureException.class,
            "Signed header 'content-type' is not present in the request."),
        new Failure("scope service s3",
            boto3With("AKIDEXAMPLE/20261123/us-east-1/s3/aws4_request", BOTO3_SIGNED),
            InvalidSignatureException.class, "Credential should be scoped to correct service: 'kms'."),
        new Failure("scope region empty",
            boto3With("AKIDEXAMPLE/20261123//kms/aws4_request", BOTO3_SIGNED),
            InvalidSignatureException.class, "Credential should be scoped to a valid region, not ''."),
        new Failure("scope region upper case",
            boto3With("AKIDEXAMPLE/20261123/US-EAST-1/kms/aws4_request", BOTO3_SIGNED),
            InvalidSignatureException.class,
            "Credential should be scoped to a valid region, not 'US-EAST-1'."),
        new Failure("scope region without number",
            boto3With("AKIDEXAMPLE/20261123/useast/kms/aws4_request", BOTO3_SIGNED),
            InvalidSignatureException.class,
            "Credential should be scoped to a valid region, not 'useast'."),
        new Failure("scope date a day early",
            boto3With("AKIDEXAMPLE/20261122/us-east-1/kms/aws4_request", BOTO3_SIGNED),
            InvalidSignatureException.class,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                + " HTTP: '20261122' != '20261123', from '20261123T181040Z'."),
        new Failure("scope terminator wrong",
            boto3.replacing("Authorization", authorization.replace("aws4_request", "aws4_reqest")),
            InvalidSignatureException.class,
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'."));
  }

  static Stream<Arguments> failuresInBothModes() {
    List<Arguments> arguments = new ArrayList<>();
    for (AuthMode mode : AuthMode.values()) {
      for (Failure failure : failures()) {
        arguments.add(Arguments.of(mode, failure.name(), failure));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failuresInBothModes")
  void malformedRequest_failsWithTheAwsErrorAndText(AuthMode mode, String name, Failure failure) {
    assertThatThrownBy(() -> authenticator(mode).authenticate(failure.request()))
        .isInstanceOf(failure.type())
        .hasMessage(failure.message());
  }
}
