package dev.ownkms.xksproxy.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The proxy's TLS: TLS 1.3 and 1.2 with the spec's AES-256-GCM / ChaCha20 suites first (xks.md
 * §1.1), OpenSSL-class (netty-tcnative BoringSSL) when it loads, JSSE otherwise; with a client CA,
 * client certificates are required and checked by {@link ClientCertificateTrust}.
 */
public final class ServerTls {

  /** TLS 1.2 suites (OpenSSL names); TLS 1.3 suites are always on. */
  private static final List<String> CIPHERS = List.of(
      "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
      "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
      "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
      "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256");

  private ServerTls() {}

  /** Whether OpenSSL-class TLS is available, so bad client certificates get handshake_failure. */
  public static boolean openSslAvailable() {
    return OpenSsl.isAvailable();
  }

  public static SslContext context(Path certificate, Path privateKey, Optional<Path> clientCa,
      Optional<String> clientName) {
    boolean openSsl = OpenSsl.isAvailable();
    try {
      SslContextBuilder builder = SslContextBuilder.forServer(certificate.toFile(),
              privateKey.toFile())
          .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2");
      if (openSsl) {
        builder.ciphers(CIPHERS);
      }
      if (clientCa.isPresent()) {
        builder.clientAuth(ClientAuth.REQUIRE)
            .trustManager(new ClientCertificateTrust(readCertificates(clientCa.get()),
                clientName));
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS with the certificate " + certificate
          + " and key " + privateKey + ": " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> readCertificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("tls.client_ca " + pem + " holds no certificate");
      }
      return certificates;
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("cannot read the certificates in " + pem, e);
    }
  }
}
