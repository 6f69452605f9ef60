package dev.ownkms.xksproxy;

import dev.ownkms.pkcs11.KeyToken;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;

/**
 * One open {@link KeyToken} with a pool of SunPKCS11 ciphers over it. A cipher holds a token
 * session between {@code init} and {@code doFinal}, so each is used by one thread at a time and
 * returned afterwards. Replaced as a whole when the proxy reconnects to the token.
 */
final class TokenConnection implements AutoCloseable {

  static final String GCM = "AES/GCM/NoPadding"; // unsized: pkcs11-softhsm.md §3 JDK bug

  private final KeyToken token;
  private final ConcurrentLinkedQueue<Cipher> ciphers = new ConcurrentLinkedQueue<>();

  TokenConnection(KeyToken token) {
    this.token = token;
  }

  KeyToken token() {
    return token;
  }

  Cipher borrow() {
    Cipher cipher = ciphers.poll();
    if (cipher != null) {
      return cipher;
    }
    try {
      return Cipher.getInstance(GCM, token.provider());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(token.provider().getName() + " offers no " + GCM, e);
    }
  }

  /** Only a cipher whose last operation finished normally comes back to the pool. */
  void giveBack(Cipher cipher) {
    ciphers.offer(cipher);
  }

  @Override
  public void close() {
    ciphers.clear();
    token.close();
  }

  @Override
  public String toString() {
    return token.toString();
  }
}
