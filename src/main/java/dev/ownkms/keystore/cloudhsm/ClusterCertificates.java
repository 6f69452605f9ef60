package dev.ownkms.keystore.cloudhsm;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of a cluster, as {@code ownkms cluster create} makes them: a self-signed
 * trust-anchor CA (the content of CloudHSM's {@code customerCA.crt}) and the cluster certificate
 * it signs, whose subject names the cluster. EC P-256 with ECDSA-SHA256; the CA's private key is
 * dropped once it has signed, as nobody issues under it again.
 *
 * <p>CreateCustomKeyStore compares the trust anchor a user passes with the cluster's:
 * {@link #sameCertificate} compares the DER, so PEM line lengths, line endings and surrounding
 * whitespace do not matter.
 */
public final class ClusterCertificates {

  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final SecureRandom random;
  private final Clock clock;

  public ClusterCertificates(SecureRandom random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  /** A trust anchor and a cluster certificate, both PEM. */
  public record Issued(String trustAnchorPem, String clusterCertificatePem) {}

  /** Issues a new trust-anchor CA and the certificate of this cluster signed by it. */
  public Issued issue(String clusterId) {
    try {
      KeyPair caKeys = newKeyPair();
      KeyPair clusterKeys = newKeyPair();
      X500Name caName = name("OwnKMS CloudHSM trust anchor for " + clusterId);
      X500Name clusterName = name(clusterId);
      Instant now = clock.instant();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

      X509v3CertificateBuilder ca = builder(caName, caName, caKeys.getPublic(), now)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509CertificateHolder caCertificate = ca.build(signer(caKeys.getPrivate()));

      X509v3CertificateBuilder cluster = builder(caName, clusterName, clusterKeys.getPublic(), now)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(clusterKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(caKeys.getPublic()));
      X509CertificateHolder clusterCertificate = cluster.build(signer(caKeys.getPrivate()));

      return new Issued(pem(caCertificate), pem(clusterCertificate));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the certificates of cluster " + clusterId, e);
    }
  }

  /**
   * The one certificate in a PEM text.
   *
   * @throws IllegalArgumentException when the text is not exactly one PEM certificate
   */
  public static X509Certificate parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("the certificate is empty");
    }
    // Lines stripped: a pasted PEM may be indented or carry CRLF; the parser wants bare lines.
    String lines = pem.lines().map(String::strip).collect(Collectors.joining("\n", "", "\n"));
    try (PEMParser parser = new PEMParser(new StringReader(lines))) {
      Object first = parser.readObject();
      if (!(first instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException("the text is not a PEM certificate (-----BEGIN"
            + " CERTIFICATE----- … -----END CERTIFICATE-----)");
      }
      if (parser.readObject() != null) {
        throw new IllegalArgumentException("the text holds more than one PEM object; a single"
            + " certificate is expected");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | CertificateException | RuntimeException e) {
      if (e instanceof IllegalArgumentException known) {
        throw known;
      }
      throw new IllegalArgumentException("the certificate cannot be read: " + e.getMessage(), e);
    }
  }

  /** Whether the text is exactly one readable PEM certificate. */
  public static boolean isCertificate(String pem) {
    try {
      parse(pem);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether two PEM texts hold the same certificate (same DER bytes).
   *
   * @throws IllegalArgumentException when either text is not one PEM certificate
   */
  public static boolean sameCertificate(String pemA, String pemB) {
    try {
      return Arrays.equals(parse(pemA).getEncoded(), parse(pemB).getEncoded());
    } catch (CertificateException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded", e);
    }
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
      Instant now) {
    BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
    // Valid from a minute ago: a client clock slightly behind must not see a future certificate.
    return new JcaX509v3CertificateBuilder(issuer, serial,
        Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(VALIDITY)), subject, key);
  }

  private ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    return new JcaContentSignerBuilder(SIGNATURE).setSecureRandom(random).build(key);
  }

  private KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  /** The builder escapes whatever the cluster id holds. */
  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "OwnKMS")
        .addRDN(BCStyle.OU, "CloudHSM cluster")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static String pem(X509CertificateHolder certificate) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
