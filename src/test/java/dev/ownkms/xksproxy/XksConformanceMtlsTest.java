package dev.ownkms.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.xksproxy.tls.CertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance cases with mTLS: the 49 cases presenting a valid client certificate, plus the
 * client's 2 negative cases (xks.md §4.2 "MTLS"): an expired certificate from a foreign CA and a
 * self-signed one must end the handshake with the {@code handshake_failure} alert. The client
 * looks for curl's text {@code TLS alert, handshake failure}; so does this test, with the same
 * curl.
 */
class XksConformanceMtlsTest extends XksConformanceCases {

  @Override
  QuickStart.Options options() {
    return QuickStart.Options.mutualTls();
  }

  @Test
  @DisplayName("50 mTLS: an expired client certificate from a foreign CA gets handshake_failure")
  void mtls_expiredCertificate() throws Exception {
    CertificateAuthority foreign = CertificateAuthority.create("Foreign CA", Duration.ofDays(400),
        new SecureRandom());
    Instant now = Instant.now();
    Path certificate = directory.resolve("expired.pem");
    Path key = directory.resolve("expired.key");
    foreign.client("cks.kms.us-east-1.amazonaws.com", now.minus(Duration.ofDays(365)),
        now.minus(Duration.ofDays(1))).write(certificate, key);
    assertThat(curlHealth(certificate, key)).contains("TLS alert, handshake failure");
  }

  @Test
  @DisplayName("51 mTLS: a self-signed client certificate gets handshake_failure")
  void mtls_selfSignedCertificate() throws Exception {
    Path certificate = directory.resolve("selfsigned.pem");
    Path key = directory.resolve("selfsigned.key");
    CertificateAuthority.selfSignedClient("beta.cks.kms.us-east-1.amazonaws.com",
        Duration.ofDays(30), new SecureRandom()).write(certificate, key);
    assertThat(curlHealth(certificate, key)).contains("TLS alert, handshake failure");
  }

  @Test
  @DisplayName("mTLS over TLS 1.2: a self-signed client certificate also gets handshake_failure")
  void mtls_selfSignedCertificate_tls12() throws Exception {
    Path certificate = directory.resolve("selfsigned12.pem");
    Path key = directory.resolve("selfsigned12.key");
    CertificateAuthority.selfSignedClient("beta.cks.kms.us-east-1.amazonaws.com",
        Duration.ofDays(30), new SecureRandom()).write(certificate, key);
    assertThat(curl(Optional.of(certificate), Optional.of(key), List.of("--tls-max", "1.2")))
        .contains("TLS alert, handshake failure");
  }

  @Test
  @DisplayName("mTLS: a client certificate from the configured CA, still valid, works with curl")
  void mtls_validCertificate_withCurl() throws Exception {
    String output = curlHealth(proxy.clientCertificate().orElseThrow(),
        proxy.clientKey().orElseThrow());
    assertThat(output).contains("\"healthStatus\":\"ACTIVE\"");
  }

  @Test
  @DisplayName("mTLS: no client certificate at all never reaches the API")
  void mtls_noCertificate() throws Exception {
    String output = curl(Optional.empty(), Optional.empty());
    assertThat(output).doesNotContain("healthStatus");
  }

  /** GetHealthStatus the way the conformance client sends it: curl -v with --aws-sigv4. */
  private String curlHealth(Path certificate, Path key) throws Exception {
    return curl(Optional.of(certificate), Optional.of(key));
  }

  private String curl(Optional<Path> certificate, Optional<Path> key)
      throws IOException, InterruptedException {
    return curl(certificate, key, List.of());
  }

  private String curl(Optional<Path> certificate, Optional<Path> key, List<String> options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-sv", "--max-time", "10",
        "--cacert", proxy.caCertificate().orElseThrow().toString()));
    command.addAll(options);
    certificate.ifPresent(c -> command.addAll(List.of("--cert", c.toString())));
    key.ifPresent(k -> command.addAll(List.of("--key", k.toString())));
    command.addAll(List.of("-H", "Content-Type:application/json",
        "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy",
        "--user", proxy.accessKeyId() + ":" + proxy.secretAccessKey().revealUtf8(),
        "--data-binary", health(),
        proxy.uriEndpoint() + proxy.uriPath() + "/health"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new String(output, StandardCharsets.UTF_8);
  }
}
