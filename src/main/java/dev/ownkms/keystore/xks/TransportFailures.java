package dev.ownkms.keystore.xks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;

/**
 * Names what went wrong on the wire, from the JDK HTTP client's exception and its causes.
 *
 * <ul>
 *   <li>{@link XksOutcome#TLS_FAILED}: an {@link SSLException} (handshake alert, untrusted or
 *       expired certificate, wrong host name, no common protocol) or a certificate error anywhere
 *       in the cause chain — checked first, because TLS failures often wrap socket errors.
 *   <li>{@link XksOutcome#NOT_REACHABLE}: a definite TCP failure — refused, unknown host (DNS),
 *       no route; also a connection that broke before a full answer (reset, closed), which KMS
 *       words as a "transient network issue".
 *   <li>{@link XksOutcome#TIMED_OUT}: the client's connect or request timeout, both set to the
 *       call's deadline. The JDK's connect timer covers the TCP connect <em>and</em> the TLS
 *       handshake, so it cannot tell a silently dropped SYN (a firewall black hole) from a
 *       handshake that never completes; both read as timed out, which is also what the caller's
 *       own deadline reports.
 *   <li>{@link XksOutcome#MALFORMED_RESPONSE}: an answer larger than any valid one.
 * </ul>
 */
final class TransportFailures {

  private TransportFailures() {}

  static XksCallException of(Throwable failure, URI uri, long elapsedMillis) {
    String where = " calling " + uri + " (after " + elapsedMillis + " ms): ";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof GeneralSecurityException) {
        return new XksCallException(XksOutcome.TLS_FAILED, "TLS failed" + where + describe(t),
            failure);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException) {
        return new XksCallException(XksOutcome.TIMED_OUT, "no answer in time" + where
            + describe(t), failure);
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException) {
        return new XksCallException(XksOutcome.NOT_REACHABLE, "no connection" + where
            + describe(t), failure);
      }
      if (t instanceof IOException && String.valueOf(t.getMessage())
          .startsWith("body exceeds capacity")) {
        return new XksCallException(XksOutcome.MALFORMED_RESPONSE, "answer too large" + where
            + describe(t));
      }
    }
    return new XksCallException(XksOutcome.NOT_REACHABLE, "connection failed" + where
        + describe(failure), failure);
  }

  /** The deepest cause's type and message: JDK transport text, never request content. */
  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = t.getClass().getSimpleName() + (t.getMessage() == null ? ""
        : " " + t.getMessage());
    if (root != t) {
      text += " <- " + root.getClass().getSimpleName()
          + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
    return text;
  }
}
