package dev.ownkms.keystore.xks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.xksproxy.QuickStart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XKS caller against our real proxy (SoftHSM token, HTTPS with a private CA, SigV4), started
 * in-process once over TLS and once requiring client certificates.
 */
class XksClientTest {

  static final String PRINCIPAL = "arn:aws:iam::123456789012:user/Alice";
  static final String KEY_ARN =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  /** Generous: the first call of a run also pays for the handshake and the JIT. */
  static final Duration DEADLINE = Duration.ofSeconds(5);

  static Path proxyDirectory;
  static QuickStart.Started https;
  static QuickStart.Started mtls;

  @TempDir
  Path dataDirectory;

  XksClients pool;

  @BeforeAll
  static void startProxies() throws Exception {
    proxyDirectory = Files.createTempDirectory("xks-client-test");
    https = QuickStart.start(proxyDirectory.resolve("https"), QuickStart.Options.https());
    mtls = QuickStart.start(proxyDirectory.resolve("mtls"), QuickStart.Options.mutualTls());
  }

  @AfterAll
  static void stopProxies() throws IOException {
    if (https != null) {
      https.close();
    }
    if (mtls != null) {
      mtls.close();
    }
    try (var paths = Files.walk(proxyDirectory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void health_ofAHealthyProxy_isActive() throws Exception {
    XksHealth health = client(https).health(healthContext());
    assertThat(health.xksProxyFleetSize()).isPositive();
    assertThat(health.ekmFleetDetails()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.healthStatus()).isEqualTo("ACTIVE"));
    assertThat(health.allUnavailable()).isFalse();
  }

  @Test
  void keyMetadata_ofFoo_isAnEnabledAesKey() throws Exception {
    XksKeyMetadata metadata = client(https).keyMetadata("foo",
        new XksCallContext("CreateKey", UUID.randomUUID().toString(), PRINCIPAL, null));
    assertThat(metadata.keySpec()).isEqualTo("AES_256");
    assertThat(metadata.keyUsage()).contains("ENCRYPT", "DECRYPT");
    assertThat(metadata.keyStatus()).isEqualTo("ENABLED");
  }

  @Test
  void encryptThenDecrypt_withAad_givesThePlaintextBack() throws Exception {
    XksClient client = client(https);
    byte[] plaintext = "inner KMS ciphertext".getBytes(StandardCharsets.UTF_8);
    byte[] aad = "header".getBytes(StandardCharsets.UTF_8);
    XksEncrypted encrypted = client.encrypt("foo", plaintext, aad, context("Encrypt"));
    assertThat(encrypted.ciphertext()).hasSameSizeAs(plaintext).isNotEqualTo(plaintext);
    assertThat(client.decrypt("foo", encrypted, aad, context("Decrypt"))).isEqualTo(plaintext);
  }

  @Test
  void decrypt_withOtherAad_isInvalidCiphertext() throws Exception {
    XksClient client = client(https);
    XksEncrypted encrypted = client.encrypt("foo", new byte[32], new byte[] {1},
        context("Encrypt"));
    assertOutcome(() -> client.decrypt("foo", encrypted, new byte[] {2}, context("Decrypt")),
        XksOutcome.INVALID_CIPHERTEXT);
  }

  @Test
  void keyMetadata_ofAnUnknownKey_isKeyNotFound() {
    assertOutcome(() -> client(https).keyMetadata("no-such-key",
            new XksCallContext("CreateKey", "r", PRINCIPAL, null)),
        XksOutcome.KEY_NOT_FOUND);
  }

  @Test
  void encrypt_withAnEncryptOnlyKey_isInvalidKeyUsage_becauseTheCdivNeedsADecrypt() {
    assertOutcome(() -> client(https).encrypt(QuickStart.ENCRYPT_ONLY_KEY_ID, new byte[16], null,
        context("Encrypt")), XksOutcome.INVALID_KEY_USAGE);
  }

  @Test
  void aWrongSecret_isAuthenticationFailed_andTheMessageHidesTheSecret() {
    byte[] wrong = QuickStart.randomBase64(new java.security.SecureRandom(), 32)
        .getBytes(StandardCharsets.UTF_8);
    XksTarget target = new XksTarget("cks-1", https.uriEndpoint(), https.uriPath(),
        https.accessKeyId(), wrong, QuickStart.REGION);
    trust(https);
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      assertThatThrownBy(() -> clients.client(target, false).health(healthContext()))
          .isInstanceOfSatisfying(XksCallException.class, e -> {
            assertThat(e.outcome()).isEqualTo(XksOutcome.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).doesNotContain(new String(wrong, StandardCharsets.UTF_8));
          });
    }
  }

  @Test
  void aWrongPathPrefix_isInvalidUriPath() {
    XksTarget target = new XksTarget("cks-1", https.uriEndpoint(), "/wrong/kms/xks/v1",
        https.accessKeyId(), secret(https), QuickStart.REGION);
    trust(https);
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      assertOutcome(() -> clients.client(target, false).health(healthContext()),
          XksOutcome.INVALID_URI_PATH);
    }
  }

  @Test
  void aProxyWhoseCaIsNotTrusted_isTlsFailed() {
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      assertOutcome(() -> clients.client(target(https), false).health(healthContext()),
          XksOutcome.TLS_FAILED);
    }
  }

  @Test
  void reloadTrust_picksUpANewlyTrustedCa() throws Exception {
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      assertOutcome(() -> clients.client(target(https), false).health(healthContext()),
          XksOutcome.TLS_FAILED);
      trust(https);
      assertOutcome(() -> clients.client(target(https), false).health(healthContext()),
          XksOutcome.TLS_FAILED);
      assertThat(clients.client(target(https), true).health(healthContext()).allUnavailable())
          .isFalse();
    }
  }

  @Test
  void mtls_withTheClientCertificateInTheDataDirectory_works() throws Exception {
    trust(mtls);
    Path copied = QuickStart.clientInto(mtls.clientCertificate().orElseThrow(),
        mtls.clientKey().orElseThrow(), dataDirectory);
    assertThat(copied).isEqualTo(dataDirectory.resolve("xks-client/client.pem"));
    assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("xks-client/client.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      XksClient client = clients.client(target(mtls), false);
      assertThat(client.health(healthContext()).allUnavailable()).isFalse();
      byte[] plaintext = new byte[100];
      XksEncrypted encrypted = client.encrypt("foo", plaintext, null, context("Encrypt"));
      assertThat(client.decrypt("foo", encrypted, null, context("Decrypt"))).isEqualTo(plaintext);
    }
  }

  @Test
  void mtls_withoutAClientCertificate_isTlsFailed() {
    trust(mtls);
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      assertOutcome(() -> clients.client(target(mtls), false).health(healthContext()),
          XksOutcome.TLS_FAILED);
    }
  }

  @Test
  void clients_keepOneClientPerStore_untilTheTargetChangesOrTrustIsReloaded() {
    trust(https);
    try (XksClients clients = new XksClients(dataDirectory, DEADLINE)) {
      XksClient first = clients.client(target(https), false);
      assertThat(clients.client(target(https), false)).isSameAs(first);
      XksTarget otherPath = new XksTarget("cks-1", https.uriEndpoint(), "/other/kms/xks/v1",
          https.accessKeyId(), secret(https), QuickStart.REGION);
      XksClient second = clients.client(otherPath, false);
      assertThat(second).isNotSameAs(first);
      assertThat(clients.client(otherPath, true)).isNotSameAs(second);
      assertThat(clients.probe(otherPath)).isNotSameAs(clients.client(otherPath, false));
    }
  }

  /** The pooled client of a proxy whose CA is trusted; the pool closes after the test. */
  private XksClient client(QuickStart.Started proxy) {
    trust(proxy);
    if (pool == null) {
      pool = new XksClients(dataDirectory, DEADLINE);
    }
    return pool.client(target(proxy), false);
  }

  @AfterEach
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  private void trust(QuickStart.Started proxy) {
    QuickStart.trustInto(proxy.caCertificate().orElseThrow(), dataDirectory, "proxy");
  }

  static XksTarget target(QuickStart.Started proxy) {
    return new XksTarget("cks-1", proxy.uriEndpoint(), proxy.uriPath(), proxy.accessKeyId(),
        secret(proxy), QuickStart.REGION);
  }

  static byte[] secret(QuickStart.Started proxy) {
    return proxy.secretAccessKey().revealUtf8().getBytes(StandardCharsets.UTF_8);
  }

  static XksCallContext healthContext() {
    return new XksCallContext("KmsHealthCheck", UUID.randomUUID().toString(), null, null);
  }

  static XksCallContext context(String operation) {
    return new XksCallContext(operation, UUID.randomUUID().toString(), PRINCIPAL, KEY_ARN);
  }

  static void assertOutcome(ThrowingCallable call, XksOutcome outcome) {
    assertThatThrownBy(call).isInstanceOfSatisfying(XksCallException.class,
        e -> assertThat(e.outcome()).as(e.getMessage()).isEqualTo(outcome));
  }
}
