package dev.ownkms.xksproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls an XKS proxy as KMS would: JSON over HTTP(S), signed with the AWS SDK v2 SigV4 signer
 * (service {@code kms-xks-proxy}); trusts the proxy's private CA and presents a client
 * certificate when given.
 */
final class XksTestClient {

  record Answer(int status, String body, JsonNode json) {
    String errorName() {
      return json.path("errorName").asText(null);
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  private final String endpoint;
  private final String uriPath;
  private final String accessKeyId;
  private final String secret;
  private final HttpClient http;

  XksTestClient(String endpoint, String uriPath, String accessKeyId, String secret,
      HttpClient http) {
    this.endpoint = endpoint;
    this.uriPath = uriPath;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
    this.http = http;
  }

  static XksTestClient of(dev.ownkms.xksproxy.QuickStart.Started proxy) throws Exception {
    return new XksTestClient(proxy.uriEndpoint(), proxy.uriPath(), proxy.accessKeyId(),
        proxy.secretAccessKey().revealUtf8(), httpClient(proxy.caCertificate(),
            proxy.clientCertificate(), proxy.clientKey()));
  }

  XksTestClient withCredentials(String newAccessKeyId, String newSecret) {
    return new XksTestClient(endpoint, uriPath, newAccessKeyId, newSecret, http);
  }

  String uriPath() {
    return uriPath;
  }

  /** POST {@code <uriPath><suffix>}, signed now. */
  Answer post(String suffix, String body) {
    return postPath(uriPath + suffix, body, Clock.systemUTC());
  }

  Answer postPath(String path, String body, Clock signingClock) {
    return send(signed(path, body, signingClock));
  }

  HttpRequest signed(String path, String body, Clock signingClock) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create(endpoint + path))
        .putHeader("Content-Type", "application/json")
        .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes))
        .build();
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms-xks-proxy")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(HttpSigner.SIGNING_CLOCK, signingClock)).request();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + path))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    signed.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    return builder.build();
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.headers().firstValue("content-type").orElse("")
          .startsWith("application/json") ? JSON.readTree(response.body()) : JSON.nullNode();
      return new Answer(response.statusCode(), response.body(), json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpClient http() {
    return http;
  }

  String endpoint() {
    return endpoint;
  }

  static HttpClient httpClient(Optional<Path> ca, Optional<Path> clientCertificate,
      Optional<Path> clientKey) throws Exception {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5));
    if (ca.isPresent()) {
      builder.sslContext(sslContext(ca.get(), clientCertificate, clientKey));
    }
    return builder.build();
  }

  static SSLContext sslContext(Path ca, Optional<Path> clientCertificate,
      Optional<Path> clientKey) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificates(ca).getFirst());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (clientCertificate.isPresent()) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", privateKey(clientKey.orElseThrow()), new char[0],
          certificates(clientCertificate.get()).toArray(Certificate[]::new));
      kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  static List<? extends Certificate> certificates(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }

  static PrivateKey privateKey(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "")
        .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
