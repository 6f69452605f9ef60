package dev.ownkms.protocol.auth;

import dev.ownkms.domain.Secret;
import java.time.Instant;
import java.util.List;

/**
 * Signed requests from real clients, all with access key {@code AKIDEXAMPLE} (unless noted) and
 * secret {@code secret}.
 *
 * <p>The first two were recorded byte-exact from the clients (sigv4-verification.md, "Test
 * vectors"). The others were made with botocore 1.43.11 {@code SigV4Auth} +
 * {@code AWSRequest} + {@code Credentials('AKIDEXAMPLE', 'secret', token)}, signing time patched
 * to 2026-11-23T18:30:00Z, with an explicit {@code Host} header; for {@link #userAgentSigned()}
 * {@code user-agent} was taken off botocore's {@code SIGNED_HEADERS_BLACKLIST}.
 */
final class SigV4Vectors {

  static final Secret SECRET = Secret.of("secret");
  static final String ACCESS_KEY_ID = "AKIDEXAMPLE";

  /** The X-Amz-Date of every botocore-generated vector. */
  static final String BOTOCORE_DATE = "20261123T183000Z";
  static final Instant BOTOCORE_TIME = Instant.parse("2026-11-23T18:30:00Z");

  private static final String JSON_1_1 = "application/x-amz-json-1.1";
  private static final String LIST_KEYS = "TrentService.ListKeys";
  private static final String LOCAL_HOST = "127.0.0.1:18555";

  private SigV4Vectors() {}

  /** A named vector, for parameterized tests. */
  record Vector(String name, RecordedRequest request) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Vector> all() {
    return List.of(
        new Vector("boto3 ListKeys (recorded)", boto3ListKeys()),
        new Vector("Java SDK v2 ListKeys (recorded)", javaV2ListKeys()),
        new Vector("whitespace runs in a signed value", whitespaceValue()),
        new Vector("duplicate signed header", duplicateHeader()),
        new Vector("Host with default port :80", hostWithPort80()),
        new Vector("encoded path and unsorted query", pathAndQuery()),
        new Vector("session token, eu-west-1", sessionToken()),
        new Vector("204-byte body", longBody()),
        new Vector("empty body", emptyBody()),
        new Vector("user-agent signed", userAgentSigned()),
        new Vector("12-digit access key, ap-southeast-2", twelveDigitAccessKey()));
  }

  /** boto3 1.43.11 ListKeys, recorded. */
  static RecordedRequest boto3ListKeys() {
    return RecordedRequest.post("{}")
        .header("Host", LOCAL_HOST)
        .header("Content-Type", JSON_1_1)
        .header("X-Amz-Target", LIST_KEYS)
        .header("X-Amz-Date", "20261123T181040Z")
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target",
            "7f7c24f1e5a54fc23e2d30eba57c48234fc54adadddc95e815f4b9a1e418d007"));
  }

  static final String BOTO3_CANONICAL_REQUEST =
      "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:127.0.0.1:18555\n"
          + "x-amz-date:20261123T181040Z\nx-amz-target:TrentService.ListKeys\n\n"
          + "content-type;host;x-amz-date;x-amz-target\n"
          + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  /** Java SDK v2 2.40.2 KmsClient ListKeys, recorded; header names arrive lower-case. */
  static RecordedRequest javaV2ListKeys() {
    return RecordedRequest.post("{}")
        .header("amz-sdk-invocation-id", "8f62651a-6a4c-15d8-a9c8-b8ca56edc286")
        .header("amz-sdk-request", "attempt=1; max=4")
        .header("content-length", "2")
        .header("content-type", JSON_1_1)
        .header("host", LOCAL_HOST)
        .header("x-amz-content-sha256",
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        .header("x-amz-date", "20261123T181149Z")
        .header("x-amz-target", LIST_KEYS)
        .header("Authorization", authorization("20261123/us-east-1",
            "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
                + "x-amz-content-sha256;x-amz-date;x-amz-target",
            "eea227bc4ba60df4507774f3c2c79d8d91829d65199ca62babd83b8de5abdd08"));
  }

  /** botocore: signed {@code X-Test: 'a   b \t c  '}; canonical value {@code a b c}. */
  static RecordedRequest whitespaceValue() {
    return botocoreBase("{}")
        .header("X-Test", "a   b \t c  ")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target;x-test",
            "9befa8b83989c661d9c754aac65830ced68d1bb630a142a453a531161676db1b"));
  }

  static final String WHITESPACE_CANONICAL_REQUEST =
      "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:127.0.0.1:18555\n"
          + "x-amz-date:20261123T183000Z\nx-amz-target:TrentService.ListKeys\nx-test:a b c\n\n"
          + "content-type;host;x-amz-date;x-amz-target;x-test\n"
          + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  /** botocore: {@code X-Dup: ' one '} then {@code X-Dup: 'two'}; canonical {@code x-dup:one,two}. */
  static RecordedRequest duplicateHeader() {
    return botocoreBase("{}")
        .header("X-Dup", " one ")
        .header("X-Dup", "two")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target;x-dup",
            "3d71a52246a9dd764433b6fd1d2e367ab5f9d73b4b6c651a44d4e480c7cb290a"));
  }

  static final String DUPLICATE_CANONICAL_REQUEST =
      "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:127.0.0.1:18555\n"
          + "x-amz-date:20261123T183000Z\nx-amz-target:TrentService.ListKeys\nx-dup:one,two\n\n"
          + "content-type;host;x-amz-date;x-amz-target;x-dup\n"
          + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  /** botocore with {@code Host: kms.example.test:80}: the port is signed as sent. */
  static RecordedRequest hostWithPort80() {
    return RecordedRequest.post("{}")
        .header("Host", "kms.example.test:80")
        .header("Content-Type", JSON_1_1)
        .header("X-Amz-Target", LIST_KEYS)
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target",
            "76b04a7d6ddb3b14b4de5f91e67544f53e647e12dd717865c55b71f8bd4b67e1"));
  }

  /** botocore, URL {@code /some%20path/x?b=2&a=1&c=&d=%2F%20}. */
  static RecordedRequest pathAndQuery() {
    return botocoreBase("{}")
        .withTarget("/some%20path/x", "b=2&a=1&c=&d=%2F%20")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target",
            "32ad09332a923d46de495fb21fc558141a9dbe58e1f641a65fd34d51f72ea936"));
  }

  static final String PATH_AND_QUERY_CANONICAL_REQUEST =
      "POST\n/some%2520path/x\na=1&b=2&c=&d=%2F%20\n"
          + "content-type:application/x-amz-json-1.1\nhost:127.0.0.1:18555\n"
          + "x-amz-date:20261123T183000Z\nx-amz-target:TrentService.ListKeys\n\n"
          + "content-type;host;x-amz-date;x-amz-target\n"
          + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN//+=";

  /** botocore with session token {@link #SESSION_TOKEN}, region eu-west-1. */
  static RecordedRequest sessionToken() {
    return botocoreBase("{}")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("X-Amz-Security-Token", SESSION_TOKEN)
        .header("Authorization", authorization("20261123/eu-west-1",
            "content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
            "6dda4d1a34fd2f43ef27857b902fad0cce699693a728c8829eaa89930465ad44"));
  }

  /** botocore, a 204-byte body {@code {"KeyId":"alias/x","Plaintext":"AAA…"}} (170 A's). */
  static RecordedRequest longBody() {
    return botocoreBase("{\"KeyId\":\"alias/x\",\"Plaintext\":\"" + "A".repeat(170) + "\"}")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target",
            "5bc49769c22b9e5736241bd913d97562147cc162ec687feabca2dfb37261b66d"));
  }

  /** botocore, an empty body (hash {@code e3b0c442…b855}). */
  static RecordedRequest emptyBody() {
    return botocoreBase("")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;x-amz-date;x-amz-target",
            "d640a157decbc267d4565e50cc65e83ad81d404c1b508b16ed5739ac8ce5b1f5"));
  }

  /** botocore with {@code user-agent} signed, a value with a double space inside. */
  static RecordedRequest userAgentSigned() {
    return botocoreBase("{}")
        .header("User-Agent", "Boto3/1.43.11 md/Botocore#1.43.11  ua/2.1")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization", authorization("20261123/us-east-1",
            "content-type;host;user-agent;x-amz-date;x-amz-target",
            "db0d3eea09fc99e9416a50af1df2874a2001e0456197c00024cabf73f894989e"));
  }

  static final String USER_AGENT_CANONICAL_REQUEST =
      "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:127.0.0.1:18555\n"
          + "user-agent:Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1\n"
          + "x-amz-date:20261123T183000Z\nx-amz-target:TrentService.ListKeys\n\n"
          + "content-type;host;user-agent;x-amz-date;x-amz-target\n"
          + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

  /** botocore with access key {@code 444455556666}, region ap-southeast-2. */
  static RecordedRequest twelveDigitAccessKey() {
    return botocoreBase("{}")
        .header("X-Amz-Date", BOTOCORE_DATE)
        .header("Authorization",
            "AWS4-HMAC-SHA256 Credential=444455556666/20261123/ap-southeast-2/kms/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                + " Signature=2a4406cde163be40646b38812205a1944393fe85e5f8f4c9aeb4e4678a55ff56");
  }

  /** The parsed Authorization header of {@code request}. */
  static AuthorizationHeader authorizationOf(RecordedRequest request) {
    return AuthorizationHeader.parse(request.onlyValue("Authorization"));
  }

  private static RecordedRequest botocoreBase(String body) {
    return RecordedRequest.post(body)
        .header("Host", LOCAL_HOST)
        .header("Content-Type", JSON_1_1)
        .header("X-Amz-Target", LIST_KEYS);
  }

  private static String authorization(String dateAndRegion, String signedHeaders, String signature) {
    return "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/" + dateAndRegion
        + "/kms/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature;
  }
}
