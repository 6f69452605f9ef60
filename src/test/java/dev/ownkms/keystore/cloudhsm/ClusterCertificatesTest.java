package dev.ownkms.keystore.cloudhsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClusterCertificatesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final ClusterCertificates certificates =
      new ClusterCertificates(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void issue_givesASelfSignedCa_thatSignsAClusterCertificateNamingTheCluster() throws Exception {
    ClusterCertificates.Issued issued = certificates.issue("cluster-234abcdefgh");

    X509Certificate ca = ClusterCertificates.parse(issued.trustAnchorPem());
    X509Certificate cluster = ClusterCertificates.parse(issued.clusterCertificatePem());
    ca.verify(ca.getPublicKey());
    cluster.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cluster.getBasicConstraints()).isEqualTo(-1);
    assertThat(cluster.getSubjectX500Principal().getName()).contains("CN=cluster-234abcdefgh");
    assertThat(cluster.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(cluster.getPublicKey()).isNotEqualTo(ca.getPublicKey());
    ca.checkValidity(java.util.Date.from(NOW));
    assertThat(issued.trustAnchorPem()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void issue_twice_givesDifferentTrustAnchors() {
    assertThat(ClusterCertificates.sameCertificate(certificates.issue("c").trustAnchorPem(),
        certificates.issue("c").trustAnchorPem())).isFalse();
  }

  @Test
  void sameCertificate_ignoresLineEndingsAndSurroundingWhitespace() {
    String pem = certificates.issue("cluster-1").trustAnchorPem();
    String reformatted = "\n  " + pem.replace("\n", "\r\n") + "\n\n";

    assertThat(ClusterCertificates.sameCertificate(pem, reformatted)).isTrue();
    assertThat(ClusterCertificates.sameCertificate(pem,
        certificates.issue("cluster-1").trustAnchorPem())).isFalse();
  }

  @Test
  void parse_refusesWhatIsNotOneCertificate() {
    String pem = certificates.issue("cluster-1").trustAnchorPem();

    assertThat(ClusterCertificates.isCertificate(pem)).isTrue();
    assertThat(ClusterCertificates.isCertificate("")).isFalse();
    assertThat(ClusterCertificates.isCertificate("not a certificate")).isFalse();
    assertThat(ClusterCertificates.isCertificate(pem + pem)).isFalse();
    assertThat(ClusterCertificates.isCertificate(pem.replace("A", "B"))).isFalse();
    assertThatThrownBy(() -> ClusterCertificates.sameCertificate(pem, "garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
