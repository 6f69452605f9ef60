package dev.ownkms.xksproxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether a client certificate is acceptable for mTLS (xks.md §1.10): it must chain to one
 * of the configured client CAs (PKIX, validity included) and, when a name is configured, carry it
 * as subject CN or DNS subject alternative name.
 *
 * <p>A refusal is thrown as Netty's {@link OpenSslCertificateException} with {@code
 * X509_V_ERR_APPLICATION_VERIFICATION}: with OpenSSL-class TLS (netty-tcnative BoringSSL) that
 * code becomes the {@code handshake_failure} alert, which the XKS conformance client expects
 * (xks.md §4.3.7). JSSE ignores the code and sends {@code certificate_unknown}.
 */
public final class ClientCertificateTrust extends X509ExtendedTrustManager {

  private final X509TrustManager pkix;
  private final Optional<String> requiredName;

  public ClientCertificateTrust(List<X509Certificate> clientCas, Optional<String> requiredName) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      for (int i = 0; i < clientCas.size(); i++) {
        anchors.setCertificateEntry("client-ca-" + i, clientCas.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      this.pkix = (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot build a trust store of the client CAs", e);
    }
    this.requiredName = requiredName;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      pkix.checkClientTrusted(chain, authType);
    } catch (CertificateException e) {
      throw refuse("the client certificate does not chain to a configured client CA or is not"
          + " valid now: " + e.getMessage());
    }
    if (requiredName.isPresent() && !names(chain[0]).contains(
        requiredName.get().toLowerCase(Locale.ROOT))) {
      throw refuse("the client certificate does not name " + requiredName.get());
    }
  }

  private static CertificateException refuse(String message) {
    // The exception's class needs tcnative's native library; under JSSE it is not loaded.
    return OpenSsl.isAvailable()
        ? new OpenSslCertificateException(message,
            CertificateVerifier.X509_V_ERR_APPLICATION_VERIFICATION)
        : new CertificateException(message);
  }

  /** Subject CNs and DNS SANs, lower-cased. */
  static List<String> names(X509Certificate certificate) throws CertificateException {
    java.util.ArrayList<String> names = new java.util.ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
        }
      }
    } catch (InvalidNameException e) {
      throw refuse("the client certificate's subject cannot be read");
    }
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0))) {
            names.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw refuse("the client certificate's alternative names cannot be read");
    }
    return names;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager only checks clients");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
