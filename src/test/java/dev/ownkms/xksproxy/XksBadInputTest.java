package dev.ownkms.xksproxy;

import static dev.ownkms.xksproxy.XksConformanceCases.assertError;
import static dev.ownkms.xksproxy.XksConformanceCases.b64;
import static dev.ownkms.xksproxy.XksConformanceCases.cryptoMetadata;
import static dev.ownkms.xksproxy.XksConformanceCases.encryptBody;
import static dev.ownkms.xksproxy.XksConformanceCases.health;
import static dev.ownkms.xksproxy.XksConformanceCases.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.xksproxy.XksTestClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input beyond the conformance client's cases: each gets the spec's error name and status,
 * never a 500 or a hang (issue "Bad input"), over plain HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XksBadInputTest {

  Path directory;
  QuickStart.Started proxy;
  XksTestClient client;

  @BeforeAll
  void start() throws Exception {
    directory = Files.createTempDirectory("xks-bad-input");
    proxy = QuickStart.start(directory, QuickStart.Options.http());
    client = XksTestClient.of(proxy);
  }

  @AfterAll
  void stop() {
    proxy.close();
    TempFiles.deleteQuietly(directory);
  }

  String encrypt() {
    return "/keys/" + QuickStart.KEY_IDS.getFirst() + "/encrypt";
  }

  String decrypt() {
    return "/keys/" + QuickStart.KEY_IDS.getFirst() + "/decrypt";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not JSON                     | {"requestMetadata":
      a JSON array                 | []
      duplicate member             | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt"},"requestMetadata":{}}
      metadata of the wrong type   | {"requestMetadata":"x","plaintext":"AAAA","encryptionAlgorithm":"AES_GCM"}
      kmsRequestId a number        | {"requestMetadata":{"kmsRequestId":1,"kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":"AAAA","encryptionAlgorithm":"AES_GCM"}
      missing kmsKeyArn            | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a"},"plaintext":"AAAA","encryptionAlgorithm":"AES_GCM"}
      plaintext a number           | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":12,"encryptionAlgorithm":"AES_GCM"}
      URL-safe Base64              | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":"-_-_","encryptionAlgorithm":"AES_GCM"}
      Base64 without padding       | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":"QQ","encryptionAlgorithm":"AES_GCM"}
      other algorithm              | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":"AAAA","encryptionAlgorithm":"AES_CBC"}
      missing algorithm            | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":"AAAA"}
      other CDIV algorithm         | {"requestMetadata":{"kmsRequestId":"1","kmsOperation":"Encrypt","awsPrincipalArn":"a","kmsKeyArn":"k"},"plaintext":"AAAA","encryptionAlgorithm":"AES_GCM","ciphertextDataIntegrityValueAlgorithm":"MD5"}
      """)
  void encrypt_malformed_isValidationException(String name, String body) {
    assertError(client.post(encrypt(), body), 400, "ValidationException");
  }

  @Test
  void encrypt_plaintextOver4300Bytes_isUnsupportedOperation() {
    assertThat(client.post(encrypt(), encryptBody(new byte[4300], null, false)).status())
        .isEqualTo(200);
    assertError(client.post(encrypt(), encryptBody(new byte[4301], null, false)), 501,
        "UnsupportedOperationException");
  }

  @Test
  void encrypt_aadOver8192Bytes_isUnsupportedOperation() {
    assertThat(client.post(encrypt(), encryptBody(new byte[32], new byte[8192], false)).status())
        .isEqualTo(200);
    assertError(client.post(encrypt(), encryptBody(new byte[32], new byte[8193], false)), 501,
        "UnsupportedOperationException");
  }

  @Test
  void hugeBody_isUnsupportedOperation_notA500() {
    String big = "{" + cryptoMetadata("Encrypt") + ",\"plaintext\":\"" + "A".repeat(200_000)
        + "\",\"encryptionAlgorithm\":\"AES_GCM\"}";
    assertError(client.post(encrypt(), big), 501, "UnsupportedOperationException");
  }

  @Test
  void unknownMembers_andUnknownKmsOperation_areAccepted() {
    String body = "{\"requestMetadata\":{\"kmsRequestId\":\"1\",\"kmsOperation\":\"FutureOp\","
        + "\"awsPrincipalArn\":\"a\",\"kmsKeyArn\":\"k\",\"sourceIdentity\":\"x\"},"
        + "\"plaintext\":\"AAAA\",\"encryptionAlgorithm\":\"AES_GCM\",\"futureField\":[1,2]}";
    assertThat(client.post(encrypt(), body).status()).isEqualTo(200);
  }

  @Test
  void decrypt_tamperedOrMisshapen_isInvalidCiphertext() {
    var encrypted = client.post(encrypt(), encryptBody(utf8("secret"), null, false)).json();
    String ciphertext = encrypted.get("ciphertext").asText();
    String tampered = b64(new byte[] {1, 2, 3, 4, 5, 6});
    String base = "{" + cryptoMetadata("Decrypt") + ",\"encryptionAlgorithm\":\"AES_GCM\","
        + "\"ciphertextMetadata\":\"" + encrypted.get("ciphertextMetadata").asText() + "\","
        + "\"initializationVector\":\"%s\",\"authenticationTag\":\"%s\",\"ciphertext\":\"%s\"}";
    String iv = encrypted.get("initializationVector").asText();
    String tag = encrypted.get("authenticationTag").asText();
    assertError(client.post(decrypt(), base.formatted(iv, tag, tampered)), 400,
        "InvalidCiphertextException");
    assertError(client.post(decrypt(), base.formatted(b64(new byte[8]), tag, ciphertext)), 400,
        "InvalidCiphertextException");
    assertError(client.post(decrypt(), base.formatted(iv, b64(new byte[12]), ciphertext)), 400,
        "InvalidCiphertextException");
    // The metadata is bound into the AAD: dropping it breaks the tag.
    String withoutMetadata = base.formatted(iv, tag, ciphertext)
        .replace("\"ciphertextMetadata\":\"AQ==\",", "");
    assertError(client.post(decrypt(), withoutMetadata), 400, "InvalidCiphertextException");
    assertThat(client.post(decrypt(), base.formatted(iv, tag, ciphertext)).json()
        .get("plaintext").asText()).isEqualTo(b64(utf8("secret")));
  }

  @Test
  void signatureOlderThanFiveMinutes_isAuthenticationFailed() {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(6)), ZoneOffset.UTC);
    Clock future = Clock.fixed(Instant.now().plus(Duration.ofMinutes(6)), ZoneOffset.UTC);
    assertError(client.postPath(client.uriPath() + "/health", health(), past), 401,
        "AuthenticationFailedException");
    assertError(client.postPath(client.uriPath() + "/health", health(), future), 401,
        "AuthenticationFailedException");
    Clock recent = Clock.fixed(Instant.now().minus(Duration.ofMinutes(4)), ZoneOffset.UTC);
    assertThat(client.postPath(client.uriPath() + "/health", health(), recent).status())
        .isEqualTo(200);
  }

  @Test
  void theSameSignedRequestTwice_isAcceptedTwice() {
    HttpRequest request = client.signed(client.uriPath() + encrypt(),
        encryptBody(new byte[32], null, false), Clock.systemUTC());
    assertThat(client.send(request).status()).isEqualTo(200);
    assertThat(client.send(request).status()).isEqualTo(200);
  }

  @Test
  void unsignedOrForeignServiceRequests_areAuthenticationFailed() throws Exception {
    HttpRequest unsigned = HttpRequest.newBuilder(URI.create(proxy.uriEndpoint()
        + proxy.uriPath() + "/health")).POST(HttpRequest.BodyPublishers.ofString(health()))
        .build();
    HttpResponse<String> answer = client.http().send(unsigned,
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("AuthenticationFailedException");
  }

  @Test
  void get_onAnApiPath_is405_andUnknownPaths404() throws Exception {
    HttpResponse<String> get = client.http().send(HttpRequest.newBuilder(URI.create(
        proxy.uriEndpoint() + proxy.uriPath() + "/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertError(client.post("/keys/bad%20id/encrypt", "{}"), 404, "InvalidUriPathException");
    assertError(client.post("/keys/" + "k".repeat(129) + "/encrypt", "{}"), 404,
        "InvalidUriPathException");
    assertError(client.post("/keys/foo/sign", "{}"), 404, "InvalidUriPathException");
  }

  @Test
  void metricsAndPing_answer() throws Exception {
    client.post("/health", health());
    HttpResponse<String> metrics = client.http().send(HttpRequest.newBuilder(URI.create(
        proxy.uriEndpoint() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("xks_requests_seconds_count{operation=\"GetHealthStatus\"")
        .contains("xks_token_health 1.0");
    HttpResponse<String> ping = client.http().send(HttpRequest.newBuilder(URI.create(
        proxy.uriEndpoint() + "/ping")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ping.body()).isEqualTo("pong");
  }

  @Test
  void rotation_acceptsTwoCredentials_thenOnlyTheNewOne() {
    String newId = "ROTATEDACCESSKEY234567AB";
    String newSecret = "NewSecretOfLength43To64ForTheRotationTest0123";
    XksProxyConfig old = proxy.proxy().config();
    XksProxyConfig.Credential added = new XksProxyConfig.Credential(newId,
        dev.ownkms.domain.Secret.of(newSecret));
    try {
      proxy.proxy().reload(withCredentials(old, List.of(old.credentials().getFirst(), added)));
      assertThat(client.post("/health", health()).status()).isEqualTo(200);
      assertThat(client.withCredentials(newId, newSecret).post("/health", health()).status())
          .isEqualTo(200);
      proxy.proxy().reload(withCredentials(old, List.of(added)));
      assertError(client.post("/health", health()), 401, "AuthenticationFailedException");
      assertThat(client.withCredentials(newId, newSecret).post("/health", health()).status())
          .isEqualTo(200);
    } finally {
      proxy.proxy().reload(old);
    }
  }

  @Test
  void principalsRule_deniesOtherPrincipals_withAccessDenied() {
    XksProxyConfig old = proxy.proxy().config();
    var rules = new java.util.HashMap<>(old.keyRules());
    rules.put(QuickStart.KEY_IDS.get(1), new XksProxyConfig.KeyRule(KeyUsage.ENCRYPT_DECRYPT,
        List.of("arn:aws:iam::999999999999:*")));
    try {
      proxy.proxy().reload(withRules(old, rules));
      assertError(client.post("/keys/" + QuickStart.KEY_IDS.get(1) + "/encrypt",
          encryptBody(new byte[32], null, false)), 403, "AccessDeniedException");
      // Health is exempt from secondary authorization (xks.md §1.4).
      assertThat(client.post("/health", health()).status()).isEqualTo(200);
    } finally {
      proxy.proxy().reload(old);
    }
  }

  @Test
  void healthKey_isNotAKmsKey() {
    assertError(client.post("/keys/" + TokenGateway.HEALTH_KEY + "/encrypt",
        encryptBody(new byte[32], null, false)), 404, "KeyNotFoundException");
  }

  static XksProxyConfig withCredentials(XksProxyConfig c,
      List<XksProxyConfig.Credential> credentials) {
    return new XksProxyConfig(c.listen(), c.uriPrefix(), c.tls(), credentials, c.regions(),
        c.token(), c.keyRules(), c.onlyListedKeys(), c.requestTimeout(), c.healthInterval(),
        c.tokenThreads(), c.queueLimit());
  }

  static XksProxyConfig withRules(XksProxyConfig c, Map<String, XksProxyConfig.KeyRule> rules) {
    return new XksProxyConfig(c.listen(), c.uriPrefix(), c.tls(), c.credentials(), c.regions(),
        c.token(), rules, c.onlyListedKeys(), c.requestTimeout(), c.healthInterval(),
        c.tokenThreads(), c.queueLimit());
  }

}
