package dev.ownkms.protocol.auth;

import static dev.ownkms.protocol.auth.SigV4Vectors.SECRET;
import static dev.ownkms.protocol.auth.SigV4Vectors.authorizationOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.domain.Secret;
import dev.ownkms.protocol.auth.SigV4Vectors.Vector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4VerifierTest {

  private final SigV4Verifier verifier = new SigV4Verifier();

  private boolean verifies(RecordedRequest request) {
    return verifies(request, SECRET);
  }

  private boolean verifies(RecordedRequest request, Secret secret) {
    return verifier.matches(
        request, authorizationOf(request), request.onlyValue("X-Amz-Date"), secret);
  }

  static List<Vector> vectors() {
    return SigV4Vectors.all();
  }

  // ---- the vectors verify

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void matches_requestSignedByRealClient_isTrue(Vector vector) {
    assertThat(verifies(vector.request())).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void matches_withAnotherSecret_isFalse(Vector vector) {
    assertThat(verifies(vector.request(), Secret.of("secreT"))).isFalse();
  }

  static Stream<Arguments> canonicalRequests() {
    return Stream.of(
        Arguments.of("boto3 ListKeys (recorded)", SigV4Vectors.boto3ListKeys(),
            SigV4Vectors.BOTO3_CANONICAL_REQUEST),
        Arguments.of("whitespace runs trimmed and collapsed", SigV4Vectors.whitespaceValue(),
            SigV4Vectors.WHITESPACE_CANONICAL_REQUEST),
        Arguments.of("duplicates joined with ',' in received order", SigV4Vectors.duplicateHeader(),
            SigV4Vectors.DUPLICATE_CANONICAL_REQUEST),
        Arguments.of("path encoded again, query sorted", SigV4Vectors.pathAndQuery(),
            SigV4Vectors.PATH_AND_QUERY_CANONICAL_REQUEST),
        Arguments.of("user-agent kept when signed", SigV4Vectors.userAgentSigned(),
            SigV4Vectors.USER_AGENT_CANONICAL_REQUEST));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("canonicalRequests")
  void canonicalRequest_equalsTheClientsCanonicalRequest(
      String name, RecordedRequest request, String expected) {
    assertThat(SigV4Verifier.canonicalRequest(request, authorizationOf(request).signedHeaders()))
        .isEqualTo(expected);
  }

  @Test
  void stringToSign_ofBoto3ListKeys_hashesTheCanonicalRequest() {
    // Expected value computed with Python hashlib from the recorded canonical request.
    assertThat(SigV4Verifier.stringToSign(
            "20261123T181040Z", "20261123/us-east-1/kms/aws4_request",
            SigV4Vectors.BOTO3_CANONICAL_REQUEST))
        .isEqualTo("AWS4-HMAC-SHA256\n20261123T181040Z\n20261123/us-east-1/kms/aws4_request\n"
            + "815bb6ab68b882cced2d5c65ed4552fc6d70e2352d1eda06aed92a952dd7b8e6");
  }

  @Test
  void signingKey_matchesAwsDocumentationExample() {
    // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
    byte[] key = verifier.signingKey(
        Secret.of("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "20120215", "us-east-1", "iam");
    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  // ---- any change to what was signed breaks the signature

  @Test
  void matches_withAnyBodyByteChanged_isFalse() {
    RecordedRequest original = SigV4Vectors.longBody();
    byte[] body = original.body();
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < body.length; i++) {
      byte[] tampered = body.clone();
      tampered[i] ^= 0x01;
      if (verifies(original.withBody(tampered))) {
        accepted.add(i);
      }
    }
    assertThat(accepted).as("positions whose change still verified").isEmpty();
  }

  @Test
  void matches_withBodyChangedButClaimedContentSha256Kept_isFalse() {
    // Java SDK v2 signs x-amz-content-sha256; the hash must come from the body, not the claim.
    RecordedRequest tampered =
        SigV4Vectors.javaV2ListKeys().withBody("{ }".getBytes(StandardCharsets.UTF_8));
    assertThat(verifies(tampered)).isFalse();
  }

  @Test
  void matches_withBodyRemoved_isFalse() {
    assertThat(verifies(SigV4Vectors.boto3ListKeys().withBody(new byte[0]))).isFalse();
  }

  static Stream<Arguments> javaV2SignedHeaders() {
    return authorizationOf(SigV4Vectors.javaV2ListKeys()).signedHeaders().stream()
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javaV2SignedHeaders")
  void matches_withOneCharacterOfASignedHeaderChanged_isFalse(String name) {
    RecordedRequest original = SigV4Vectors.javaV2ListKeys();
    String value = original.onlyValue(name);
    char last = value.charAt(value.length() - 1);
    String changed = value.substring(0, value.length() - 1) + (char) (last ^ 0x01);
    RecordedRequest tampered = original.replacing(name, changed);
    // x-amz-date also feeds the string to sign: change both places, as an attacker would.
    String date = name.equals("x-amz-date") ? changed : original.onlyValue("x-amz-date");
    assertThat(verifier.matches(tampered, authorizationOf(original), date, SECRET)).isFalse();
  }

  @Test
  void matches_withXAmzDateOneSecondLater_isFalse() {
    RecordedRequest tampered =
        SigV4Vectors.boto3ListKeys().replacing("X-Amz-Date", "20261123T181041Z");
    assertThat(verifies(tampered)).isFalse();
  }

  @Test
  void matches_withAnySignatureCharacterChanged_isFalse() {
    RecordedRequest original = SigV4Vectors.boto3ListKeys();
    String header = original.onlyValue("Authorization");
    int start = header.indexOf("Signature=") + "Signature=".length();
    List<Integer> accepted = new ArrayList<>();
    for (int i = start; i < header.length(); i++) {
      char c = header.charAt(i);
      char other = c == '0' ? '1' : '0';
      String tampered = header.substring(0, i) + other + header.substring(i + 1);
      if (verifies(original.replacing("Authorization", tampered))) {
        accepted.add(i - start);
      }
    }
    assertThat(accepted).as("signature positions whose change still verified").isEmpty();
  }

  @Test
  void matches_withSignatureInUpperCaseHex_isFalse() {
    // SigV4 signatures are lower-case hex; AWS compares the text, so do we.
    RecordedRequest original = SigV4Vectors.boto3ListKeys();
    String header = original.onlyValue("Authorization");
    int start = header.indexOf("Signature=") + "Signature=".length();
    String upper = header.substring(0, start) + header.substring(start).toUpperCase();
    assertThat(verifies(original.replacing("Authorization", upper))).isFalse();
  }

  @Test
  void matches_withSignatureTruncated_isFalse() {
    RecordedRequest original = SigV4Vectors.boto3ListKeys();
    String header = original.onlyValue("Authorization");
    assertThat(verifies(original.replacing("Authorization", header.substring(0, header.length() - 1))))
        .isFalse();
  }

  @Test
  void matches_withOtherMethod_isFalse() {
    assertThat(verifies(SigV4Vectors.boto3ListKeys().withMethod("PUT"))).isFalse();
  }

  @Test
  void matches_withOtherPath_isFalse() {
    assertThat(verifies(SigV4Vectors.pathAndQuery().withTarget("/some%20path/y", "b=2&a=1&c=&d=%2F%20")))
        .isFalse();
  }

  @Test
  void matches_withOtherQueryValue_isFalse() {
    assertThat(verifies(SigV4Vectors.pathAndQuery().withTarget("/some%20path/x", "b=3&a=1&c=&d=%2F%20")))
        .isFalse();
  }

  @Test
  void matches_withQueryParametersInAnotherOrder_isTrue() {
    // Order is not signed: the canonical query is sorted.
    assertThat(verifies(SigV4Vectors.pathAndQuery().withTarget("/some%20path/x", "d=%2F%20&c=&a=1&b=2")))
        .isTrue();
  }

  // ---- header handling traps (sigv4-verification.md)

  @Test
  void matches_withUnsignedHeadersAddedOrChanged_isTrue() {
    RecordedRequest request = SigV4Vectors.boto3ListKeys()
        .header("User-Agent", "Boto3/1.43.11")
        .header("Content-Length", "2")
        .header("X-Amz-Content-Sha256", "0000")
        .header("X-Forwarded-For", "10.0.0.1");
    assertThat(verifies(request)).isTrue();
  }

  @Test
  void matches_withDuplicateHeaderMergedIntoOneWithCommaSpace_isFalse() {
    // Trap 6: a header layer that merges "one" and "two" as "one, two" breaks the signature.
    RecordedRequest merged = SigV4Vectors.duplicateHeader().replacing("X-Dup", "one, two");
    assertThat(verifies(merged)).isFalse();
  }

  @Test
  void matches_withDuplicateHeaderMergedWithoutSpace_isTrue() {
    RecordedRequest merged = SigV4Vectors.duplicateHeader().replacing("X-Dup", "one,two");
    assertThat(verifies(merged)).isTrue();
  }

  @Test
  void matches_withDuplicateHeaderOccurrencesSwapped_isFalse() {
    RecordedRequest swapped = SigV4Vectors.duplicateHeader()
        .without("X-Dup").header("X-Dup", "two").header("X-Dup", " one ");
    assertThat(verifies(swapped)).isFalse();
  }

  @Test
  void matches_withHostPortDropped_isFalse() {
    // Trap 4: the Host value is signed verbatim; a default port must not be removed.
    RecordedRequest request = SigV4Vectors.hostWithPort80().replacing("Host", "kms.example.test");
    assertThat(verifies(request)).isFalse();
  }

  @Test
  void matches_withOtherWhitespaceInSignedValue_isTrue() {
    // Same value after Trimall: trimmed, runs of spaces and tabs collapsed.
    RecordedRequest request = SigV4Vectors.whitespaceValue().replacing("X-Test", "\ta b  c");
    assertThat(verifies(request)).isTrue();
  }

  @Test
  void matches_withWhitespaceRemovedInsideSignedValue_isFalse() {
    RecordedRequest request = SigV4Vectors.whitespaceValue().replacing("X-Test", "ab c");
    assertThat(verifies(request)).isFalse();
  }

  @Test
  void matches_withSecurityTokenChanged_isFalse() {
    RecordedRequest request = SigV4Vectors.sessionToken()
        .replacing("X-Amz-Security-Token", SigV4Vectors.SESSION_TOKEN + "x");
    assertThat(verifies(request)).isFalse();
  }

  @Test
  void matches_withHeaderNamesInAnotherCase_isTrue() {
    // Names are case-insensitive: JS SDK v3 sends them lower-case, botocore capitalised.
    RecordedRequest original = SigV4Vectors.boto3ListKeys();
    RecordedRequest lowerCase = RecordedRequest.post("{}");
    for (RecordedRequest.Header header : original.headers()) {
      lowerCase = lowerCase.header(header.name().toLowerCase(), header.value());
    }
    assertThat(verifies(lowerCase)).isTrue();
  }

  // ---- requests signed by the AWS SDK for Java v2 signer (an independent implementation)

  static Stream<Arguments> sdkSignedRequests() {
    return Stream.of(
        Arguments.of("root path, JSON body", "/", "", "{\"KeyId\":\"alias/test\"}", "x-custom", "v"),
        Arguments.of("empty body", "/", "", "", "x-custom", "v"),
        Arguments.of("non-ASCII body", "/", "", "{\"Description\":\"grüße ✓\"}", "x-custom", "v"),
        Arguments.of("encoded path segment", "/a%20b/c", "", "{}", "x-custom", "v"),
        Arguments.of("query with reserved characters", "/", "z=%2F&a=b%20c&a=a&e", "{}", "x-custom", "v"),
        Arguments.of("value with inner spaces", "/", "", "{}", "x-custom", "  a  b  "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sdkSignedRequests")
  void matches_requestSignedByJavaSdkV2Signer_isTrue(
      String name, String path, String query, String body, String header, String value) {
    Instant now = Instant.parse("2026-11-23T18:30:00Z");
    SdkHttpRequest unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol("http")
        .host("127.0.0.1")
        .port(18555)
        .encodedPath(path)
        .putHeader("Host", "127.0.0.1:18555")
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "TrentService.Encrypt")
        .putHeader(header, value)
        .build();
    if (!query.isEmpty()) {
      SdkHttpRequest.Builder withQuery = unsigned.toBuilder();
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        withQuery.appendRawQueryParameter(
            java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length == 1 ? null : java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
      unsigned = withQuery.build();
    }
    SdkHttpRequest request = unsigned;
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
            .identity(AwsCredentialsIdentity.create("AKIDSDK", "sdk-secret"))
            .request(request)
            .payload(ContentStreamProvider.fromUtf8String(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)))
        .request();

    RecordedRequest received = new RecordedRequest("POST", signed.encodedPath(),
        signed.encodedQueryParameters().orElse(""), List.of(), body.getBytes(StandardCharsets.UTF_8));
    List<RecordedRequest.Header> headers = new ArrayList<>();
    signed.forEachHeader((n, values) -> values.forEach(v -> headers.add(new RecordedRequest.Header(n, v))));
    for (RecordedRequest.Header h : headers) {
      received = received.header(h.name(), h.value());
    }

    assertThat(verifies(received, Secret.of("sdk-secret"))).as(received.toString()).isTrue();
    assertThat(verifies(received.withBody("{}x".getBytes(StandardCharsets.UTF_8)), Secret.of("sdk-secret")))
        .isFalse();
  }

  // ---- canonical forms

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                | /
      /                 | /
      /some%20path/x    | /some%2520path/x
      /a/./b/../c       | /a/c
      //a//b/           | /a/b/
      /~user/x-y_z.1    | /~user/x-y_z.1
      /%7Euser          | /%257Euser
      /ü                | /%C3%BC
      /a+b:c            | /a%2Bb%3Ac
      /..               | /
      /a/..             | /
      """)
  void canonicalUri_encodesOnceMoreLikeBotocore(String rawPath, String expected) {
    // Expected values from botocore 1.43.11 SigV4Auth._normalize_url_path.
    assertThat(SigV4Verifier.canonicalUri(rawPath)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                    | ""
      b=2&a=1&c=&d=%2F%20   | a=1&b=2&c=&d=%2F%20
      a=2&a=1               | a=1&a=2
      flag                  | flag=
      a=b%7ec               | a=b~c
      a=x%2fy               | a=x%2Fy
      a=x+y                 | a=x%2By
      a=%zz                 | a=%25zz
      b=1&&a=2              | a=2&b=1
      %C3%BC=1              | %C3%BC=1
      """)
  void canonicalQuery_decodesEncodesAndSorts(String rawQuery, String expected) {
    assertThat(SigV4Verifier.canonicalQuery(rawQuery)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      "a   b \t c  "   | a b c
      "  leading"      | leading
      "trailing \t"    | trailing
      "\t"             | ""
      ""               | ""
      "a,b"            | a,b
      "attempt=1; max=4" | attempt=1; max=4
      """)
  void trimAll_trimsAndCollapsesSpacesAndTabs(String value, String expected) {
    assertThat(SigV4Verifier.trimAll(value.translateEscapes())).isEqualTo(expected);
  }

  // ---- signing-key cache

  @Test
  void signingKey_isCachedAndTheCacheStaysBounded() {
    for (int day = 0; day < SigV4Verifier.MAX_CACHED_SIGNING_KEYS * 2 + 7; day++) {
      verifier.signingKey(SECRET, "2026" + day, "us-east-1", "kms");
      assertThat(verifier.cachedSigningKeys()).isLessThanOrEqualTo(SigV4Verifier.MAX_CACHED_SIGNING_KEYS);
    }
    byte[] first = verifier.signingKey(SECRET, "20261123", "us-east-1", "kms");
    assertThat(verifier.signingKey(Secret.of("secret"), "20261123", "us-east-1", "kms")).isSameAs(first);
  }

  @Test
  void signingKey_forAnotherSecret_isNotTakenFromTheCache() {
    byte[] first = verifier.signingKey(SECRET, "20261123", "us-east-1", "kms");
    byte[] second = verifier.signingKey(Secret.of("other"), "20261123", "us-east-1", "kms");
    assertThat(second).isNotEqualTo(first);
  }
}
