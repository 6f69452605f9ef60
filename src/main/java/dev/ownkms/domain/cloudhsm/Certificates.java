package dev.ownkms.domain.cloudhsm;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/** Reads PEM certificates, so that two spellings of one certificate compare equal. */
public final class Certificates {

  private Certificates() { }

  /** The certificate in a PEM text, or empty if the text is not one. */
  public static Optional<X509Certificate> parse(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return Optional.of((X509Certificate) factory.generateCertificate(
          new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII))));
    } catch (CertificateException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether both texts hold the same certificate (line endings and spacing do not matter). */
  public static boolean same(String pemA, String pemB) {
    Optional<X509Certificate> a = parse(pemA);
    Optional<X509Certificate> b = parse(pemB);
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    try {
      return Arrays.equals(a.get().getEncoded(), b.get().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }
}
