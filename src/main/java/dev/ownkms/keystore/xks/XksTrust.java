package dev.ownkms.keystore.xks;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS side of XKS calls, read from the data directory.
 *
 * <p>Trust is the JDK's default trust (its cacerts) plus every {@code *.pem} certificate in
 * {@code <dataDirectory>/xks-trusted-cas/} — a documented deviation: AWS KMS trusts public CAs
 * only, but proxies under test have private ones. If {@code <dataDirectory>/xks-client/client.pem}
 * and {@code client.key} exist (PEM; PKCS#8 or traditional key), they are presented for mTLS.
 * Host names are checked by the HTTP client (endpoint identification), not here.
 */
final class XksTrust {

  static final String TRUSTED_CAS = "xks-trusted-cas";
  static final String CLIENT = "xks-client";

  private XksTrust() {}

  /** A fresh context from what is on disk now. */
  static SSLContext read(Path dataDirectory) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(clientKeys(dataDirectory.resolve(CLIENT)).orElse(null),
          trust(dataDirectory.resolve(TRUSTED_CAS)).getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for XKS calls: " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trust(Path directory) throws GeneralSecurityException {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    try {
      anchors.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an empty key store", e);
    }
    int n = 0;
    for (X509Certificate system : systemAnchors()) {
      anchors.setCertificateEntry("system-" + n++, system);
    }
    for (X509Certificate extra : directoryAnchors(directory)) {
      anchors.setCertificateEntry("xks-" + n++, extra);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    return factory;
  }

  private static List<X509Certificate> systemAnchors() throws GeneralSecurityException {
    TrustManagerFactory system = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    system.init((KeyStore) null);
    List<X509Certificate> anchors = new ArrayList<>();
    for (var manager : system.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        anchors.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return anchors;
  }

  private static List<X509Certificate> directoryAnchors(Path directory) {
    List<X509Certificate> anchors = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return anchors;
    }
    try (DirectoryStream<Path> pems = Files.newDirectoryStream(directory, "*.pem")) {
      for (Path pem : pems) {
        anchors.addAll(certificates(pem));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + directory, e);
    }
    return anchors;
  }

  private static Optional<KeyManager[]> clientKeys(Path directory)
      throws GeneralSecurityException {
    Path certificate = directory.resolve("client.pem");
    Path key = directory.resolve("client.key");
    if (!Files.isRegularFile(certificate) || !Files.isRegularFile(key)) {
      return Optional.empty();
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try {
      keys.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an empty key store", e);
    }
    keys.setKeyEntry("client", privateKey(key), new char[0],
        certificates(certificate).toArray(Certificate[]::new));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, new char[0]);
    return Optional.of(factory.getKeyManagers());
  }

  static List<X509Certificate> certificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new IllegalStateException(pem + " holds no certificate");
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the certificates in " + pem, e);
    }
  }

  /** A PKCS#8 ({@code PRIVATE KEY}) or traditional ({@code EC/RSA PRIVATE KEY}) PEM key. */
  static PrivateKey privateKey(Path pem) {
    try (Reader reader = Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      // never the key's content in a message
      throw new IllegalStateException(pem + " holds no unencrypted private key");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the private key in " + pem + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
