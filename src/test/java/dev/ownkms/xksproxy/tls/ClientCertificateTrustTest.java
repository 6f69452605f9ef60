package dev.ownkms.xksproxy.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every refusal carries X509_V_ERR_APPLICATION_VERIFICATION, the code BoringSSL turns into the
 * handshake_failure alert (the alert itself is checked end to end in XksConformanceMtlsTest).
 */
class ClientCertificateTrustTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final CertificateAuthority CA = CertificateAuthority.create("client CA",
      Duration.ofDays(2), RANDOM);
  static final Instant NOW = Instant.now();

  static X509Certificate[] client(CertificateAuthority ca, String name, Instant from,
      Instant until) {
    return new X509Certificate[] {ca.client(name, from, until).certificate()};
  }

  static void assertRefused(ClientCertificateTrust trust, X509Certificate[] chain) {
    assertThatThrownBy(() -> trust.checkClientTrusted(chain, "ECDHE_ECDSA"))
        .isInstanceOfSatisfying(OpenSslCertificateException.class, e ->
            org.assertj.core.api.Assertions.assertThat(e.errorCode())
                .isEqualTo(CertificateVerifier.X509_V_ERR_APPLICATION_VERIFICATION));
  }

  @Test
  void openSslClassTls_isAvailableOnThisPlatform() {
    org.assertj.core.api.Assertions.assertThat(ServerTls.openSslAvailable()).isTrue();
  }

  @Test
  void certificateOfTheClientCa_withTheRequiredName_isAccepted() {
    ClientCertificateTrust trust = new ClientCertificateTrust(List.of(CA.certificate()),
        Optional.of("cks.kms.eu-west-1.amazonaws.com"));
    assertThatCode(() -> trust.checkClientTrusted(client(CA, "cks.kms.eu-west-1.amazonaws.com",
        NOW.minusSeconds(60), NOW.plusSeconds(3600)), "ECDHE_ECDSA")).doesNotThrowAnyException();
  }

  @Test
  void otherName_isRefused() {
    ClientCertificateTrust trust = new ClientCertificateTrust(List.of(CA.certificate()),
        Optional.of("cks.kms.eu-west-1.amazonaws.com"));
    assertRefused(trust, client(CA, "cks.kms.us-east-1.amazonaws.com", NOW.minusSeconds(60),
        NOW.plusSeconds(3600)));
  }

  @Test
  void expiredCertificate_isRefused() {
    ClientCertificateTrust trust = new ClientCertificateTrust(List.of(CA.certificate()),
        Optional.empty());
    assertRefused(trust, client(CA, "c", NOW.minusSeconds(7200), NOW.minusSeconds(3600)));
  }

  @Test
  void certificateOfAnotherCa_isRefused() {
    ClientCertificateTrust trust = new ClientCertificateTrust(List.of(CA.certificate()),
        Optional.empty());
    CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(2), RANDOM);
    assertRefused(trust, client(other, "c", NOW.minusSeconds(60), NOW.plusSeconds(3600)));
  }

  @Test
  void selfSignedCertificate_isRefused() {
    ClientCertificateTrust trust = new ClientCertificateTrust(List.of(CA.certificate()),
        Optional.empty());
    assertRefused(trust, new X509Certificate[] {CertificateAuthority.selfSignedClient("c",
        Duration.ofDays(1), RANDOM).certificate()});
  }
}
