package dev.ownkms.keystore.xks;

import static dev.ownkms.keystore.xks.XksClientTest.assertOutcome;
import static dev.ownkms.keystore.xks.XksClientTest.context;
import static dev.ownkms.keystore.xks.XksClientTest.healthContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ownkms.xksproxy.tls.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures a real proxy does not produce on demand, made with real sockets: a closed port, a
 * server that accepts and never answers, and a small HTTPS server (trusted through the data
 * directory like any proxy) that answers what each test sets.
 */
class XksTransportFaultsTest {

  static final Base64.Encoder B64 = Base64.getEncoder();
  static final byte[] PLAINTEXT = new byte[24];
  static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);
  static final byte[] SECRET = "PleaseReplaceThisWithSomeSecretOfLength43To64"
      .getBytes(StandardCharsets.US_ASCII);

  record Answer(int status, String body, long delayMillis) {}

  record Seen(String contentType, String authorization, String body) {}

  @TempDir
  Path dataDirectory;

  HttpsServer server;
  final AtomicReference<Answer> answer = new AtomicReference<>();
  final List<Seen> seen = new ArrayList<>();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    SecureRandom random = new SecureRandom();
    CertificateAuthority ca = CertificateAuthority.create("Faults CA", Duration.ofDays(1), random);
    ca.writeCertificate(dataDirectory.resolve("xks-trusted-cas/faults.pem"));
    CertificateAuthority.Issued issued = ca.server(List.of("localhost"), List.of("127.0.0.1"),
        Duration.ofDays(1));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", issued.keys().getPrivate(), new char[0],
        new Certificate[] {issued.certificate(), ca.certificate()});
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
    factory.init(keys, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (seen) {
        seen.add(new Seen(exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"), body));
      }
      Answer reply = answer.get();
      try {
        Thread.sleep(reply.delayMillis());
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
      } catch (InterruptedException | IOException e) {
        // the caller gave up: nothing to answer
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    server.stop(0);
  }

  @Test
  void requests_arePostsOfCompactJson_signedForKmsXksProxy() throws Exception {
    answer.set(encryptAnswer(PLAINTEXT.length, AAD, new byte[] {1, 2}, 12, null));
    client(Duration.ofSeconds(5)).encrypt("foo", PLAINTEXT, AAD, context("Encrypt"));
    Seen request = seen.getFirst();
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=")
        .contains("/us-east-1/kms-xks-proxy/aws4_request");
    assertThat(request.body()).doesNotContain(" ")
        .contains("\"ciphertextDataIntegrityValueAlgorithm\":\"SHA_256\"")
        .contains("\"encryptionAlgorithm\":\"AES_GCM\"");
  }

  @Test
  void aValidEncryptAnswer_withMetadata_isAccepted() throws Exception {
    answer.set(encryptAnswer(PLAINTEXT.length, AAD, new byte[20], 16, null));
    XksEncrypted encrypted = client(Duration.ofSeconds(5)).encrypt("foo", PLAINTEXT, AAD,
        context("Encrypt"));
    assertThat(encrypted.ciphertextMetadata()).hasSize(20);
    assertThat(encrypted.initializationVector()).hasSize(16);
  }

  @Test
  void aClosedPort_isNotReachable_withoutWaitingForTheDeadline() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    XksClient client = client("https://127.0.0.1:" + port, Duration.ofSeconds(20));
    long start = System.nanoTime();
    assertOutcome(() -> client.health(healthContext()), XksOutcome.NOT_REACHABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anUnknownHost_isNotReachable() {
    XksClient client = client("https://no-such-host.invalid", Duration.ofSeconds(20));
    assertOutcome(() -> client.health(healthContext()), XksOutcome.NOT_REACHABLE);
  }

  @Test
  void aServerThatAcceptsAndNeverAnswers_isTimedOut() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            accepted.add(socket.accept());
          }
        } catch (IOException e) {
          // closed at the end of the test
        }
      });
      XksClient client = client("https://127.0.0.1:" + socket.getLocalPort(),
          Duration.ofMillis(300));
      assertOutcome(() -> client.health(healthContext()), XksOutcome.TIMED_OUT);
      socket.close();
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void anAnswerLaterThanTheDeadline_isTimedOut() throws Exception {
    answer.set(new Answer(200, healthBody("ACTIVE"), 3000));
    assertOutcome(() -> client(Duration.ofMillis(300)).health(healthContext()),
        XksOutcome.TIMED_OUT);
  }

  @Test
  void aNonJsonErrorPage_isMalformed_notInvalidUriPath() throws Exception {
    answer.set(new Answer(404, "<html><body>Not Found</body></html>", 0));
    assertOutcome(() -> client(Duration.ofSeconds(5)).health(healthContext()),
        XksOutcome.MALFORMED_RESPONSE);
  }

  @Test
  void anUnknownErrorName_isMalformed() throws Exception {
    answer.set(new Answer(400, "{\"errorName\":\"NoSuchException\"}", 0));
    assertOutcome(() -> client(Duration.ofSeconds(5)).health(healthContext()),
        XksOutcome.MALFORMED_RESPONSE);
  }

  @Test
  void theErrorName_decidesTheOutcome_notTheStatus() throws Exception {
    answer.set(new Answer(500, "{\"errorName\":\"ThrottlingException\",\"errorMessage\":\"x\"}",
        0));
    assertOutcome(() -> client(Duration.ofSeconds(5)).health(healthContext()),
        XksOutcome.THROTTLING);
  }

  @Test
  void healthAnswers_withBadFields_areMalformed() throws Exception {
    XksClient client = client(Duration.ofSeconds(5));
    for (String body : List.of("not json", "[]", healthBody("GREEN"),
        healthBody("ACTIVE").replace("\"xksProxyFleetSize\":2", "\"xksProxyFleetSize\":0"),
        healthBody("ACTIVE").replace("\"xksProxyFleetSize\":2", "\"xksProxyFleetSize\":\"2\""),
        "{\"xksProxyFleetSize\":1,\"xksProxyVendor\":\"v\",\"xksProxyModel\":\"m\","
            + "\"ekmVendor\":\"e\",\"ekmFleetDetails\":[]}")) {
      answer.set(new Answer(200, body, 0));
      assertOutcome(() -> client.health(healthContext()), XksOutcome.MALFORMED_RESPONSE);
    }
  }

  @Test
  void aHealthAnswer_withUnknownFields_isAccepted_andAllUnavailableIsSeen() throws Exception {
    answer.set(new Answer(200, healthBody("UNAVAILABLE").replace("{\"xks",
        "{\"futureField\":[1],\"xks"), 0));
    assertThat(client(Duration.ofSeconds(5)).health(healthContext()).allUnavailable()).isTrue();
  }

  @Test
  void encryptAnswers_breakingTheChecks_areMalformed() throws Exception {
    XksClient client = client(Duration.ofSeconds(5));
    List<Answer> bad = List.of(
        encryptAnswer(PLAINTEXT.length, AAD, null, 12,
            "qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc="),
        encryptAnswer(PLAINTEXT.length, AAD, new byte[21], 12, null),
        encryptAnswer(PLAINTEXT.length, AAD, null, 8, null),
        encryptAnswer(PLAINTEXT.length + 1, AAD, null, 12, null),
        encryptAnswer(PLAINTEXT.length, new byte[0], null, 12, null),
        new Answer(200, encryptAnswer(PLAINTEXT.length, AAD, null, 12, null).body()
            .replace("=\"", "\""), 0),
        new Answer(200, "{\"ciphertext\":\"AAAA\"}", 0));
    for (Answer each : bad) {
      answer.set(each);
      assertOutcome(() -> client.encrypt("foo", PLAINTEXT, AAD, context("Encrypt")),
          XksOutcome.MALFORMED_RESPONSE);
    }
  }

  @Test
  void aDecryptAnswer_ofAnotherLength_isMalformed() throws Exception {
    answer.set(new Answer(200, "{\"plaintext\":\"" + B64.encodeToString(new byte[5]) + "\"}", 0));
    XksEncrypted encrypted = new XksEncrypted(new byte[6], new byte[12], new byte[16], null);
    assertOutcome(() -> client(Duration.ofSeconds(5)).decrypt("foo", encrypted, null,
        context("Decrypt")), XksOutcome.MALFORMED_RESPONSE);
  }

  /** A well-formed Encrypt answer, or one with the given CDIV text instead of the right one. */
  static Answer encryptAnswer(int ciphertextLength, byte[] cdivAad, byte[] metadata, int ivLength,
      String cdiv) {
    byte[] ciphertext = new byte[ciphertextLength];
    byte[] iv = new byte[ivLength];
    byte[] tag = new byte[16];
    new SecureRandom().nextBytes(ciphertext);
    String integrity = cdiv != null ? cdiv : B64.encodeToString(
        IntegrityValue.sha256(cdivAad, metadata, iv, ciphertext, tag));
    return new Answer(200, "{\"ciphertext\":\"" + B64.encodeToString(ciphertext) + "\","
        + (metadata == null ? "" : "\"ciphertextMetadata\":\"" + B64.encodeToString(metadata)
        + "\",")
        + "\"initializationVector\":\"" + B64.encodeToString(iv) + "\","
        + "\"authenticationTag\":\"" + B64.encodeToString(tag) + "\","
        + "\"ciphertextDataIntegrityValue\":\"" + integrity + "\"}", 0);
  }

  static String healthBody(String status) {
    return "{\"xksProxyFleetSize\":2,\"xksProxyVendor\":\"Acme\",\"xksProxyModel\":\"X 1.0\","
        + "\"ekmVendor\":\"HSM Co\",\"ekmFleetDetails\":[{\"id\":\"h1\",\"model\":\"m\","
        + "\"healthStatus\":\"" + status + "\"}]}";
  }

  private XksClient client(Duration deadline) {
    return client("https://localhost:" + server.getAddress().getPort(), deadline);
  }

  private XksClient client(String endpoint, Duration deadline) {
    XksClients clients = new XksClients(dataDirectory, deadline);
    toClose.add(clients);
    return clients.client(new XksTarget("cks-1", endpoint, "/kms/xks/v1",
        "BETWEEN2TENAND3TENCHARACTERS", SECRET, "us-east-1"), false);
  }
}
