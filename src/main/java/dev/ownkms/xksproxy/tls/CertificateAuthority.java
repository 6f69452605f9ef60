package dev.ownkms.xksproxy.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority for a first run and for tests, made with BouncyCastle: EC P-256
 * keys, SHA-256 signatures. Issues server certificates (DNS names and IP addresses as SANs) and
 * client certificates for mTLS, and writes PEM files (certificates, PKCS#8 keys, owner-only).
 */
public final class CertificateAuthority {

  /** A certificate with its private key. */
  public record Issued(X509Certificate certificate, KeyPair keys) {

    /** Writes {@code <base>.pem} (certificate) and {@code <base>.key} (PKCS#8, owner-only). */
    public void write(Path certificateFile, Path keyFile) {
      writePem(certificateFile, certificate, false);
      writePem(keyFile, keys.getPrivate(), true);
    }
  }

  private final Issued ca;
  private final SecureRandom random;

  private CertificateAuthority(Issued ca, SecureRandom random) {
    this.ca = ca;
    this.random = random;
  }

  /** A new self-signed CA certificate with this common name, valid for {@code validity}. */
  public static CertificateAuthority create(String commonName, Duration validity,
      SecureRandom random) {
    KeyPair keys = newKeys(random);
    X500Name name = new X500Name("CN=" + commonName + ",O=OwnKMS");
    Instant now = Instant.now();
    Issued ca = sign(name, keys, name, keys, now.minus(Duration.ofMinutes(5)), now.plus(validity),
        true, List.of(), List.of(), null, random);
    return new CertificateAuthority(ca, random);
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public Issued issued() {
    return ca;
  }

  /** A TLS server certificate for these DNS names and IP addresses. */
  public Issued server(List<String> dnsNames, List<String> ipAddresses, Duration validity) {
    Instant now = Instant.now();
    String commonName = dnsNames.isEmpty() ? ipAddresses.getFirst() : dnsNames.getFirst();
    return sign(new X500Name("CN=" + commonName + ",O=OwnKMS"), newKeys(random),
        X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), ca.keys(),
        now.minus(Duration.ofMinutes(5)), now.plus(validity), false, dnsNames, ipAddresses,
        KeyPurposeId.id_kp_serverAuth, random);
  }

  /** A TLS client certificate with this name as CN and DNS SAN, valid from/until as given. */
  public Issued client(String name, Instant notBefore, Instant notAfter) {
    return sign(new X500Name("CN=" + name + ",O=OwnKMS"), newKeys(random),
        X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), ca.keys(),
        notBefore, notAfter, false, List.of(name), List.of(), KeyPurposeId.id_kp_clientAuth,
        random);
  }

  /** A self-signed client certificate (a CA of its own, trusted by nobody). */
  public static Issued selfSignedClient(String name, Duration validity, SecureRandom random) {
    KeyPair keys = newKeys(random);
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    return sign(subject, keys, subject, keys, now.minus(Duration.ofMinutes(5)), now.plus(validity),
        false, List.of(name), List.of(), KeyPurposeId.id_kp_clientAuth, random);
  }

  private static Issued sign(X500Name subject, KeyPair subjectKeys, X500Name issuer,
      KeyPair issuerKeys, Instant notBefore, Instant notAfter, boolean isCa,
      List<String> dnsNames, List<String> ipAddresses, KeyPurposeId purpose,
      SecureRandom random) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          new BigInteger(64, random).add(BigInteger.ONE), Date.from(notBefore),
          Date.from(notAfter), subject, subjectKeys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      if (isCa) {
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        for (String ip : ipAddresses) {
          names.add(new GeneralName(GeneralName.iPAddress,
              new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(ip).getAddress())));
        }
        if (!names.isEmpty()) {
          builder.addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(names.toArray(GeneralName[]::new)));
        }
      }
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
              .build(issuerKeys.getPrivate())));
      return new Issued(certificate, subjectKeys);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  private static KeyPair newKeys(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is required of every JDK", e);
    }
  }

  /** PEM of a certificate, or PKCS#8 PEM of a private key. */
  public static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      if (object instanceof java.security.PrivateKey key) {
        writer.writeObject(new JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write PEM", e);
    }
    return text.toString();
  }

  static void writePem(Path file, Object object, boolean secret) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.deleteIfExists(file);
      if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(file, pem(object), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  /** Writes this CA's certificate as PEM. */
  public void writeCertificate(Path file) {
    writePem(file, ca.certificate(), false);
  }
}
