package dev.ownkms.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The AWS JSON 1.1 envelope with raw HTTP (kms-errors.md §1–3): routing, bad bodies and missing
 * authentication get AWS's error types, never a 500 or a stack trace.
 */
class ProtocolTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not JSON                      | TrentService.ListKeys    | {"Limit":               | SerializationException
      trailing garbage              | TrentService.ListKeys    | {}xyz                   | SerializationException
      array instead of object       | TrentService.ListKeys    | []                      | SerializationException
      string for an integer         | TrentService.ListKeys    | {"Limit":"5"}           | SerializationException
      float for an integer          | TrentService.ListKeys    | {"Limit":5.5}           | SerializationException
      integer for a string          | TrentService.DescribeKey | {"KeyId":5}             | SerializationException
      object for a string           | TrentService.DescribeKey | {"KeyId":{"a":1}}       | SerializationException
      string for a boolean          | TrentService.CreateKey   | {"MultiRegion":"true"}  | SerializationException
      string for a list             | TrentService.CreateKey   | {"Tags":"x"}            | SerializationException
      unknown operation             | TrentService.Nope        | {}                      | UnknownOperationException
      wrong target prefix           | Other.ListKeys           | {}                      | UnknownOperationException
      operation not served yet      | TrentService.Sign        | {}                      | UnsupportedOperationException
      """)
  void badRequests_getAwsErrorTypes(String name, String target, String body, String type)
      throws Exception {
    HttpResponse<String> response = post(target, body, true);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorType(response)).isEqualTo(type);
    assertThat(response.body()).doesNotContain("java.", "Exception:", "\tat ");
  }

  @Test
  void missingTargetHeader_isUnknownOperation() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.endpoint())
        .header("Authorization", authorization())
        .header("X-Amz-Date", amzDate())
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorType(response)).isEqualTo("UnknownOperationException");
  }

  @Test
  void missingAuthorization_isMissingAuthenticationToken() throws Exception {
    HttpResponse<String> response = post("TrentService.ListKeys", "{}", false);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorType(response)).isEqualTo("MissingAuthenticationTokenException");
    assertThat(json.readTree(response.body()).get("message").asText())
        .isEqualTo("Missing Authentication Token");
  }

  @Test
  void everyResponse_carriesRequestIdDateAndJsonContentType() throws Exception {
    for (HttpResponse<String> response : new HttpResponse[] {
        post("TrentService.ListKeys", "{}", true), post("TrentService.Nope", "{}", true)}) {
      assertThat(response.headers().firstValue("x-amzn-RequestId").orElseThrow())
          .matches("[0-9a-f-]{36}");
      assertThat(response.headers().firstValue("Date")).isPresent();
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("application/x-amz-json-1.1");
    }
  }

  @Test
  void emptyBody_isTheEmptyRequest() throws Exception {
    HttpResponse<String> response = post("TrentService.ListKeys", "", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("Truncated").asBoolean()).isFalse();
  }

  @Test
  void unknownMembersAndNulls_areIgnored() throws Exception {
    HttpResponse<String> response =
        post("TrentService.ListKeys", "{\"Limit\":null,\"SomethingNew\":{\"a\":[1]}}", true);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void validationErrors_areCountedAndJoinedInMemberOrder() throws Exception {
    HttpResponse<String> response = post("TrentService.ListKeys",
        "{\"Limit\":0,\"Marker\":\"\"}", true);

    assertThat(errorType(response)).isEqualTo("ValidationException");
    assertThat(json.readTree(response.body()).get("message").asText()).isEqualTo(
        "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member"
            + " must have value greater than or equal to 1; Value '' at 'marker' failed to satisfy"
            + " constraint: Member must have length greater than or equal to 1");
  }

  @Test
  void pipelinedRequests_areAnsweredInOrder() throws Exception {
    String warm = json.readTree(post("TrentService.CreateKey", "{}", true).body())
        .get("KeyMetadata").get("KeyId").asText();
    post("TrentService.DescribeKey", "{\"KeyId\":\"" + warm + "\"}", true);
    String first = raw("TrentService.CreateKey", "{\"Description\":\"first\"}");
    String second = raw("TrentService.DescribeKey", "{\"KeyId\":\"" + warm + "\"}");

    try (java.net.Socket socket = new java.net.Socket(server.endpoint().getHost(),
        server.endpoint().getPort())) {
      socket.getOutputStream().write((first + second).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      socket.setSoTimeout(10_000);
      String answers = readTwoResponses(socket.getInputStream());
      assertThat(answers.indexOf("\"Description\":\"first\""))
          .isGreaterThanOrEqualTo(0)
          .isLessThan(answers.indexOf("\"KeyId\":\"" + warm + "\""));
    }
  }

  @Test
  void encryptionContextWithALoneSurrogateOrNull_isRefusedNotAServerError() throws Exception {
    String keyId = json.readTree(post("TrentService.CreateKey", "{}", true).body())
        .get("KeyMetadata").get("KeyId").asText();
    for (String context : new String[] {"{\"a\":\"\\ud800\"}", "{\"a\":null}"}) {
      HttpResponse<String> response = post("TrentService.Encrypt", "{\"KeyId\":\"" + keyId
          + "\",\"Plaintext\":\"eA==\",\"EncryptionContext\":" + context + "}", true);
      assertThat(response.statusCode()).as(context).isEqualTo(400);
      assertThat(errorType(response)).isEqualTo("ValidationException");
    }
  }

  private static String raw(String target, String body) {
    return "POST / HTTP/1.1\r\nHost: " + server.endpoint().getAuthority() + "\r\n"
        + "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: " + target + "\r\n"
        + "X-Amz-Date: " + amzDate() + "\r\nAuthorization: " + authorization() + "\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  /** Reads until two complete responses (by Content-Length) have arrived. */
  private static String readTwoResponses(java.io.InputStream in) throws java.io.IOException {
    StringBuilder all = new StringBuilder();
    byte[] buffer = new byte[8192];
    while (completeResponses(all.toString()) < 2) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      all.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
    }
    return all.toString();
  }

  private static int completeResponses(String text) {
    int count = 0;
    int at = 0;
    while (true) {
      int headerEnd = text.indexOf("\r\n\r\n", at);
      if (headerEnd < 0) {
        return count;
      }
      java.util.regex.Matcher length = java.util.regex.Pattern
          .compile("(?i)content-length: (\\d+)").matcher(text.substring(at, headerEnd));
      int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
      if (text.length() < headerEnd + 4 + bodyLength) {
        return count;
      }
      count++;
      at = headerEnd + 4 + bodyLength;
    }
  }

  @Test
  void getRequest_isNotAnOperation() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.endpoint()).GET()
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorType(response)).isEqualTo("UnknownOperationException");
  }

  private static HttpResponse<String> post(String target, String body, boolean signed)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint())
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", target)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signed) {
      // Permissive mode accepts any well-formed SigV4 header without checking the signature.
      request.header("Authorization", authorization()).header("X-Amz-Date", amzDate());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String authorization() {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + amzDate().substring(0, 8)
        + "/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature="
        + "0".repeat(64);
  }

  private static String amzDate() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .format(server.clock().instant().atOffset(ZoneOffset.UTC));
  }

  private static String errorType(HttpResponse<String> response) throws Exception {
    JsonNode body = json.readTree(response.body());
    assertThat(response.headers().firstValue("x-amzn-ErrorType"))
        .contains(body.get("__type").asText());
    return body.get("__type").asText();
  }

}
