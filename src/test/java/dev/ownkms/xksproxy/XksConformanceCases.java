package dev.ownkms.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ownkms.xksproxy.XksTestClient.Answer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The 49 cases of the public XKS conformance client run with {@code -a} (xks.md §4.2), as JUnit
 * tests against a proxy started over a fresh SoftHSM token; each subclass picks the transport
 * (HTTP, HTTPS with a private CA, mTLS). Requests are signed by the AWS SDK v2 signer; one class
 * ({@link XksCurlTest}) signs with {@code curl --aws-sigv4} as the client does. Case numbers
 * follow the client's order; a pair test covers its encrypt and its decrypt case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class XksConformanceCases {

  static final String HEALTH = "{\"requestMetadata\":{\"kmsRequestId\":\"%s\","
      + "\"kmsOperation\":\"KmsHealthCheck\"}}";
  static final String PRINCIPAL = "arn:aws:iam::123456789012:user/Alice";
  static final String KEY_ARN =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  Path directory;
  QuickStart.Started proxy;
  XksTestClient client;
  final SecureRandom random = new SecureRandom();

  abstract QuickStart.Options options();

  @BeforeAll
  void startProxy() throws Exception {
    directory = java.nio.file.Files.createTempDirectory("xks-conformance");
    proxy = QuickStart.start(directory, options());
    client = XksTestClient.of(proxy);
  }

  @AfterAll
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
    TempFiles.deleteQuietly(directory);
  }

  static String health() {
    return HEALTH.formatted(UUID.randomUUID());
  }

  static String metadata(String operation) {
    return "{\"requestMetadata\":{\"awsPrincipalArn\":\"" + PRINCIPAL + "\",\"kmsKeyArn\":\""
        + KEY_ARN + "\",\"kmsOperation\":\"" + operation + "\",\"kmsRequestId\":\""
        + UUID.randomUUID() + "\",\"kmsViaService\":\"ebs\"}}";
  }

  static String cryptoMetadata(String operation) {
    return "\"requestMetadata\":{\"awsPrincipalArn\":\"" + PRINCIPAL + "\",\"kmsKeyArn\":\""
        + KEY_ARN + "\",\"kmsOperation\":\"" + operation + "\",\"kmsRequestId\":\""
        + UUID.randomUUID() + "\",\"kmsViaService\":\"ebs\"}";
  }

  static String encryptBody(byte[] plaintext, byte[] aad, boolean cdiv) {
    StringBuilder body = new StringBuilder("{").append(cryptoMetadata("Encrypt"));
    if (aad != null) {
      body.append(",\"additionalAuthenticatedData\":\"").append(b64(aad)).append('"');
    }
    body.append(",\"plaintext\":\"").append(b64(plaintext)).append('"');
    body.append(",\"encryptionAlgorithm\":\"AES_GCM\"");
    if (cdiv) {
      body.append(",\"ciphertextDataIntegrityValueAlgorithm\":\"SHA_256\"");
    }
    return body.append('}').toString();
  }

  static String decryptBody(JsonNode encrypted, byte[] aad) {
    StringBuilder body = new StringBuilder("{").append(cryptoMetadata("Decrypt"));
    if (aad != null) {
      body.append(",\"additionalAuthenticatedData\":\"").append(b64(aad)).append('"');
    }
    body.append(",\"encryptionAlgorithm\":\"AES_GCM\"");
    body.append(",\"ciphertext\":\"").append(encrypted.get("ciphertext").asText()).append('"');
    if (encrypted.has("ciphertextMetadata")) {
      body.append(",\"ciphertextMetadata\":\"")
          .append(encrypted.get("ciphertextMetadata").asText()).append('"');
    }
    body.append(",\"initializationVector\":\"")
        .append(encrypted.get("initializationVector").asText()).append('"');
    body.append(",\"authenticationTag\":\"").append(encrypted.get("authenticationTag").asText())
        .append('"');
    return body.append('}').toString();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  String key() {
    return "/keys/" + QuickStart.KEY_IDS.getFirst();
  }

  String badPrefix() {
    return client.uriPath().replace("/kms/xks/v1", "/invalid/kms/xks/v1");
  }

  XksTestClient wrongAccessKey() {
    return client.withCredentials("WRONGACCESSKEYID2345ABCDE", proxy.secretAccessKey()
        .revealUtf8());
  }

  XksTestClient wrongSecret() {
    return client.withCredentials(proxy.accessKeyId(),
        "PleaseReplaceThisWithSomeSecretOfLength43To64");
  }

  static void assertError(Answer answer, int status, String errorName) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.errorName()).as(answer.body()).isEqualTo(errorName);
    assertThat(answer.body()).doesNotContain("\n");
  }

  JsonNode encryptOk(String keyPath, byte[] plaintext, byte[] aad, boolean cdiv) {
    Answer answer = client.post(keyPath + "/encrypt", encryptBody(plaintext, aad, cdiv));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain("\n");
    JsonNode json = answer.json();
    assertThat(Base64.getDecoder().decode(json.get("ciphertext").asText()))
        .hasSize(plaintext.length);
    assertThat(Base64.getDecoder().decode(json.get("initializationVector").asText())).hasSize(12);
    assertThat(Base64.getDecoder().decode(json.get("authenticationTag").asText())).hasSize(16);
    if (cdiv) {
      assertThat(json.get("ciphertextDataIntegrityValue").asText())
          .isEqualTo(expectedCdiv(json, aad));
    } else {
      assertThat(json.has("ciphertextDataIntegrityValue")).isFalse();
    }
    return json;
  }

  /** The client's own check: SHA-256(aad || metadata || iv || ciphertext || tag), Base64. */
  static String expectedCdiv(JsonNode encrypted, byte[] aad) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      if (aad != null) {
        sha.update(aad);
      }
      for (String field : new String[] {"ciphertextMetadata", "initializationVector",
          "ciphertext", "authenticationTag"}) {
        if (encrypted.has(field)) {
          sha.update(Base64.getDecoder().decode(encrypted.get(field).asText()));
        }
      }
      return b64(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Answer decrypt(String keyPath, JsonNode encrypted, byte[] aad) {
    return client.post(keyPath + "/decrypt", decryptBody(encrypted, aad));
  }

  // ---- GetHealthStatus (cases 1–6)

  @Test
  @DisplayName("01 health: valid request answers the token's healthStatus")
  void health_valid() {
    Answer answer = client.post("/health", health());
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("\"healthStatus\":").doesNotContain("\n");
    assertThat(answer.json().get("xksProxyFleetSize").asInt()).isPositive();
    assertThat(answer.json().get("ekmFleetDetails").get(0).get("healthStatus").asText())
        .isEqualTo("ACTIVE");
  }

  @Test
  @DisplayName("02 health: {} is ValidationException")
  void health_emptyBody() {
    assertError(client.post("/health", "{}"), 400, "ValidationException");
  }

  @Test
  @DisplayName("03 health: empty requestMetadata is ValidationException")
  void health_emptyMetadata() {
    assertError(client.post("/health", "{\"requestMetadata\":{}}"), 400, "ValidationException");
  }

  @Test
  @DisplayName("04 health: unknown access key id is AuthenticationFailedException")
  void health_wrongAccessKeyId() {
    assertError(wrongAccessKey().post("/health", health()), 401,
        "AuthenticationFailedException");
  }

  @Test
  @DisplayName("05 health: wrong secret is AuthenticationFailedException")
  void health_wrongSecret() {
    assertError(wrongSecret().post("/health", health()), 401, "AuthenticationFailedException");
  }

  @Test
  @DisplayName("06 health: a path outside the prefix is InvalidUriPathException")
  void health_invalidPath() {
    assertError(client.postPath(badPrefix() + "/health", health(), java.time.Clock.systemUTC()),
        404, "InvalidUriPathException");
    assertError(client.post("/invalid", health()), 404, "InvalidUriPathException");
  }

  // ---- GetKeyMetadata (cases 7–14)

  @Test
  @DisplayName("07 metadata: kmsOperation DescribeKey (pre-1.0.3 fields) answers keyStatus")
  void metadata_describeKey() {
    Answer answer = client.post(key() + "/metadata", metadata("DescribeKey"));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("\"keyStatus\":");
  }

  @Test
  @DisplayName("08 metadata: kmsOperation CreateKey answers AES_256, ENCRYPT+DECRYPT, ENABLED")
  void metadata_createKey() {
    Answer answer = client.post(key() + "/metadata", metadata("CreateKey"));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("keySpec").asText()).isEqualTo("AES_256");
    assertThat(answer.json().get("keyUsage").toString()).contains("\"ENCRYPT\"", "\"DECRYPT\"");
    assertThat(answer.json().get("keyStatus").asText()).isEqualTo("ENABLED");
  }

  @Test
  @DisplayName("09 metadata: {} is ValidationException")
  void metadata_emptyBody() {
    assertError(client.post(key() + "/metadata", "{}"), 400, "ValidationException");
  }

  @Test
  @DisplayName("10 metadata: empty requestMetadata is ValidationException")
  void metadata_emptyMetadata() {
    assertError(client.post(key() + "/metadata", "{\"requestMetadata\":{}}"), 400,
        "ValidationException");
  }

  @Test
  @DisplayName("11 metadata: non_existing_key is KeyNotFoundException")
  void metadata_nonExistingKey() {
    assertError(client.post("/keys/non_existing_key/metadata", metadata("CreateKey")), 404,
        "KeyNotFoundException");
  }

  @Test
  @DisplayName("12 metadata: unknown access key id is AuthenticationFailedException")
  void metadata_wrongAccessKeyId() {
    assertError(wrongAccessKey().post(key() + "/metadata", metadata("CreateKey")), 401,
        "AuthenticationFailedException");
  }

  @Test
  @DisplayName("13 metadata: wrong secret is AuthenticationFailedException")
  void metadata_wrongSecret() {
    assertError(wrongSecret().post(key() + "/metadata", metadata("CreateKey")), 401,
        "AuthenticationFailedException");
  }

  @Test
  @DisplayName("14 metadata: a path outside the prefix is InvalidUriPathException")
  void metadata_invalidPath() {
    assertError(client.postPath(badPrefix() + key() + "/metadata", metadata("CreateKey"),
        java.time.Clock.systemUTC()), 404, "InvalidUriPathException");
  }

  // ---- Encrypt / Decrypt (cases 15–35)

  @Test
  @DisplayName("15 encrypt: non_existing_key is KeyNotFoundException")
  void encrypt_nonExistingKey() {
    assertError(client.post("/keys/non_existing_key/encrypt",
        encryptBody(utf8("Hello World!"), null, false)), 404, "KeyNotFoundException");
  }

  @Test
  @DisplayName("16 encrypt: missing plaintext is ValidationException")
  void encrypt_missingPlaintext() {
    assertError(client.post(key() + "/encrypt", "{" + cryptoMetadata("Encrypt")
        + ",\"encryptionAlgorithm\":\"AES_GCM\"}"), 400, "ValidationException");
  }

  @Test
  @DisplayName("17 encrypt: unknown access key id is AuthenticationFailedException")
  void encrypt_wrongAccessKeyId() {
    assertError(wrongAccessKey().post(key() + "/encrypt",
        encryptBody(utf8("Hello"), null, false)), 401, "AuthenticationFailedException");
  }

  @Test
  @DisplayName("18 encrypt: wrong secret is AuthenticationFailedException")
  void encrypt_wrongSecret() {
    assertError(wrongSecret().post(key() + "/encrypt", encryptBody(utf8("Hello"), null, false)),
        401, "AuthenticationFailedException");
  }

  @Test
  @DisplayName("19 encrypt: a path outside the prefix is InvalidUriPathException")
  void encrypt_invalidPath() {
    assertError(client.postPath(badPrefix() + key() + "/encrypt",
        encryptBody(utf8("Hello"), null, false), java.time.Clock.systemUTC()), 404,
        "InvalidUriPathException");
  }

  @Test
  @DisplayName("20+21 encrypt with AAD, decrypt without AAD is InvalidCiphertextException")
  void encryptWithAad_decryptWithout() {
    JsonNode encrypted = encryptOk(key(), utf8("Hello World!"), utf8("project=nile"), false);
    assertError(decrypt(key(), encrypted, null), 400, "InvalidCiphertextException");
  }

  @Test
  @DisplayName("22+23 encrypt with AAD, decrypt without AAD (second run)")
  void encryptWithAad_decryptWithout_again() {
    JsonNode encrypted = encryptOk(key(), utf8("Another secret"), utf8("department=marketing"),
        false);
    assertError(decrypt(key(), encrypted, null), 400, "InvalidCiphertextException");
  }

  @Test
  @DisplayName("24+25 encrypt with AAD, decrypt with another AAD is InvalidCiphertextException")
  void encryptWithAad_decryptWithOtherAad() {
    JsonNode encrypted = encryptOk(key(), utf8("Hello World!"), utf8("project=nile"), false);
    assertError(decrypt(key(), encrypted, utf8("project=amazon")), 400,
        "InvalidCiphertextException");
  }

  @Test
  @DisplayName("26+27 encrypt and decrypt without AAD give the plaintext back")
  void encryptDecrypt_noAad() {
    JsonNode encrypted = encryptOk(key(), utf8("Hello World!"), null, false);
    Answer answer = decrypt(key(), encrypted, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("plaintext").asText()).isEqualTo(b64(utf8("Hello World!")));
  }

  @Test
  @DisplayName("28+29 encrypt and decrypt with the same AAD give the plaintext back")
  void encryptDecrypt_sameAad() {
    byte[] aad = utf8("project=nile,department=marketing");
    JsonNode encrypted = encryptOk(key(), utf8("Hello World!"), aad, false);
    Answer answer = decrypt(key(), encrypted, aad);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("plaintext").asText()).isEqualTo(b64(utf8("Hello World!")));
  }

  @Test
  @DisplayName("30+31 encrypt with AAD and CDIV (checked), then decrypt")
  void encryptDecrypt_aadAndCdiv() {
    byte[] aad = utf8("project=nile");
    JsonNode encrypted = encryptOk(key(), utf8("Hello World!"), aad, true);
    assertThat(decrypt(key(), encrypted, aad).json().get("plaintext").asText())
        .isEqualTo(b64(utf8("Hello World!")));
  }

  @Test
  @DisplayName("32+33 encrypt with CDIV and no AAD (checked), then decrypt")
  void encryptDecrypt_cdivNoAad() {
    JsonNode encrypted = encryptOk(key(), utf8("Hello World!"), null, true);
    assertThat(decrypt(key(), encrypted, null).json().get("plaintext").asText())
        .isEqualTo(b64(utf8("Hello World!")));
  }

  @Test
  @DisplayName("34+35 4096 random bytes with 8192 bytes of random AAD round-trip")
  void encryptDecrypt_large() {
    byte[] plaintext = new byte[4096];
    byte[] aad = new byte[8192];
    random.nextBytes(plaintext);
    random.nextBytes(aad);
    JsonNode encrypted = encryptOk(key(), plaintext, aad, true);
    Answer answer = decrypt(key(), encrypted, aad);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("plaintext").asText()).isEqualTo(b64(plaintext));
  }

  // ---- -a: restricted keys (cases 36–49)

  String encryptOnly() {
    return "/keys/" + QuickStart.ENCRYPT_ONLY_KEY_ID;
  }

  @Test
  @DisplayName("36+37 encrypt-only key: encrypt with AAD works, decrypt is InvalidKeyUsage")
  void encryptOnly_aad() {
    byte[] aad = utf8("project=nile");
    JsonNode encrypted = encryptOk(encryptOnly(), utf8("Hello"), aad, false);
    assertError(decrypt(encryptOnly(), encrypted, aad), 400, "InvalidKeyUsageException");
  }

  @Test
  @DisplayName("38+39 encrypt-only key: encrypt without AAD works, decrypt is InvalidKeyUsage")
  void encryptOnly_noAad() {
    JsonNode encrypted = encryptOk(encryptOnly(), utf8("Hello"), null, false);
    assertError(decrypt(encryptOnly(), encrypted, null), 400, "InvalidKeyUsageException");
  }

  @Test
  @DisplayName("40 encrypt-only key: encrypt with AAD and CDIV is InvalidKeyUsageException")
  void encryptOnly_cdivAad() {
    assertError(client.post(encryptOnly() + "/encrypt",
        encryptBody(utf8("Hello"), utf8("a=b"), true)), 400, "InvalidKeyUsageException");
  }

  @Test
  @DisplayName("41 encrypt-only key: encrypt with CDIV, no AAD is InvalidKeyUsageException")
  void encryptOnly_cdivNoAad() {
    assertError(client.post(encryptOnly() + "/encrypt", encryptBody(utf8("Hello"), null, true)),
        400, "InvalidKeyUsageException");
  }

  void allEncryptVariantsRefused(String keyId) {
    String path = "/keys/" + keyId + "/encrypt";
    assertError(client.post(path, encryptBody(utf8("Hello"), utf8("a=b"), false)), 400,
        "InvalidKeyUsageException");
    assertError(client.post(path, encryptBody(utf8("Hello"), null, false)), 400,
        "InvalidKeyUsageException");
    assertError(client.post(path, encryptBody(utf8("Hello"), utf8("a=b"), true)), 400,
        "InvalidKeyUsageException");
    assertError(client.post(path, encryptBody(utf8("Hello"), null, true)), 400,
        "InvalidKeyUsageException");
  }

  @Test
  @DisplayName("42–45 decrypt-only key: all four encrypt variants are InvalidKeyUsageException")
  void decryptOnly_encryptRefused() {
    allEncryptVariantsRefused(QuickStart.DECRYPT_ONLY_KEY_ID);
  }

  @Test
  @DisplayName("46–49 impotent key: all four encrypt variants are InvalidKeyUsageException")
  void noUsage_encryptRefused() {
    allEncryptVariantsRefused(QuickStart.NO_USAGE_KEY_ID);
  }
}
