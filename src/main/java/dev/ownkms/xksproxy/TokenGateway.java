package dev.ownkms.xksproxy;

import dev.ownkms.pkcs11.KeyToken;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's way into its PKCS#11 token: key lookup (cached for a second, so a key disabled or
 * created by {@code xks-proxy keys} in another process is seen within a second), AES-GCM in the
 * token, the deep health check, and reconnecting after the token went away.
 *
 * <p>Every method may block on the token: callers run them on the token threads, never on an
 * event loop. Thread-safe.
 */
final class TokenGateway implements AutoCloseable {

  /** A key of the proxy's own for the deep health check, never a KMS key (xks.md §1.4). */
  static final String HEALTH_KEY = "xks-proxy-health-check";
  static final int TAG_BYTES = 16;

  private static final Logger log = LoggerFactory.getLogger(TokenGateway.class);
  private static final long KEY_TTL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final TokenOpener opener;
  private final ReentrantLock reconnecting = new ReentrantLock();
  private final ConcurrentHashMap<String, Cached> keys = new ConcurrentHashMap<>();
  private volatile TokenConnection connection;
  private volatile Runnable onFailure = () -> { };

  /** A usable key: the token object, its attributes, and the connection it belongs to. */
  record KeyHandle(String id, SecretKey key, KeyToken.KeyAttributes attributes,
      TokenConnection connection) {}

  private record Cached(Optional<KeyHandle> key, long loadedAt) {}

  private TokenGateway(TokenOpener opener, TokenConnection connection) {
    this.opener = opener;
    this.connection = connection;
  }

  /** Opens the token and makes sure the health-check key exists. */
  static TokenGateway open(TokenOpener opener) {
    TokenConnection connection = new TokenConnection(opener.open());
    ensureHealthKey(connection.token());
    return new TokenGateway(opener, connection);
  }

  /** Called (on a token thread) whenever a token call fails unexpectedly. */
  void onFailure(Runnable action) {
    this.onFailure = action;
  }

  String description() {
    return opener.description();
  }

  String tokenLabel() {
    TokenConnection current = connection;
    return current == null ? "unavailable" : current.token().label();
  }

  /**
   * The key so labelled. {@code KeyNotFoundException} for none (and for the health-check key,
   * which is not KMS's to use); {@code InternalException} when the token cannot be reached.
   */
  KeyHandle key(String keyId) {
    if (HEALTH_KEY.equals(keyId)) {
      throw notFound(keyId);
    }
    long now = System.nanoTime();
    Cached cached = keys.get(keyId);
    TokenConnection current = connection;
    if (cached == null || now - cached.loadedAt() > KEY_TTL_NANOS
        || cached.key().map(k -> k.connection() != current).orElse(false)) {
      cached = new Cached(load(keyId), now);
      keys.put(keyId, cached);
    }
    return cached.key().orElseThrow(() -> notFound(keyId));
  }

  private Optional<KeyHandle> load(String keyId) {
    TokenConnection current = requireConnection();
    try {
      Optional<KeyToken.KeyAttributes> attributes = current.token().attributes(keyId);
      if (attributes.isEmpty()) {
        return Optional.empty();
      }
      Optional<SecretKey> key = current.token().secretKey(keyId);
      return key.map(k -> new KeyHandle(keyId, k, attributes.get(), current));
    } catch (RuntimeException e) {
      throw failure("reading the key " + keyId, e);
    }
  }

  /** AES-GCM encryption in the token; returns ciphertext followed by the 16-byte tag. */
  byte[] encrypt(KeyHandle key, byte[] iv, byte[] aad, byte[] plaintext) {
    return gcm(Cipher.ENCRYPT_MODE, key, iv, aad, plaintext);
  }

  /** AES-GCM decryption in the token; {@code InvalidCiphertextException} when the tag fails. */
  byte[] decrypt(KeyHandle key, byte[] iv, byte[] aad, byte[] ciphertextAndTag) {
    return gcm(Cipher.DECRYPT_MODE, key, iv, aad, ciphertextAndTag);
  }

  private byte[] gcm(int mode, KeyHandle key, byte[] iv, byte[] aad, byte[] input) {
    TokenConnection owner = key.connection();
    Cipher cipher = owner.borrow();
    try {
      cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BYTES * 8, iv));
      if (aad.length > 0) {
        cipher.updateAAD(aad);
      }
      // One doFinal over all input: update() + doFinal(tail) loses the tail (§4 JDK bug).
      byte[] output = cipher.doFinal(input);
      owner.giveBack(cipher);
      return output;
    } catch (AEADBadTagException e) {
      // SoftHSM reports a tag mismatch as CKR_GENERAL_ERROR, mapped to this (§4); reusable.
      owner.giveBack(cipher);
      throw new XksException(XksError.INVALID_CIPHERTEXT, "the ciphertext, IV, tag, AAD or"
          + " ciphertextMetadata is not what this key encrypted");
    } catch (InvalidKeyException e) {
      if (String.valueOf(e.getCause()).contains("CKR_KEY_FUNCTION_NOT_PERMITTED")) {
        throw new XksException(XksError.INVALID_KEY_USAGE, "the token does not allow this key to "
            + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt"));
      }
      throw failure("using the key " + key.id(), e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw failure("AES-GCM with the key " + key.id(), e);
    }
  }

  /**
   * The deep check (xks.md §1.4): encrypt and decrypt 32 bytes with the health-check key. When the
   * token is unreachable, tries to reconnect first. Returns normally only if the round trip
   * worked.
   */
  void check() {
    TokenConnection current = connection;
    if (current == null) {
      reconnect();
      current = requireConnection();
    }
    try {
      roundTrip(current);
    } catch (RuntimeException e) {
      log.warn("{} failed its health check: {}", current, rootMessage(e));
      dropConnection(current);
      reconnect();
      roundTrip(requireConnection());
    }
  }

  private void roundTrip(TokenConnection current) {
    KeyToken token = current.token();
    SecretKey key = token.secretKey(HEALTH_KEY).orElseThrow(
        () -> new IllegalStateException("the health-check key " + HEALTH_KEY + " is gone"));
    KeyHandle handle = new KeyHandle(HEALTH_KEY, key,
        token.attributes(HEALTH_KEY).orElseThrow(), current);
    byte[] iv = new byte[12];
    byte[] plaintext = new byte[32];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(iv);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, handle, iv, new byte[] {0, 0, 0}, plaintext);
    byte[] opened = gcm(Cipher.DECRYPT_MODE, handle, iv, new byte[] {0, 0, 0}, sealed);
    if (!Arrays.equals(plaintext, opened)) {
      throw new IllegalStateException("the token's AES-GCM round trip changed the data");
    }
  }

  private void reconnect() {
    reconnecting.lock();
    try {
      if (connection != null || !opener.worthReopening()) {
        return;
      }
      TokenConnection fresh = new TokenConnection(opener.reopen());
      ensureHealthKey(fresh.token());
      keys.clear();
      connection = fresh;
      log.info("reconnected to the token {}", fresh);
    } catch (RuntimeException e) {
      log.warn("reconnecting to the token failed: {}", rootMessage(e));
    } finally {
      reconnecting.unlock();
    }
  }

  private void dropConnection(TokenConnection broken) {
    reconnecting.lock();
    try {
      if (connection == broken) {
        connection = null;
        keys.clear();
      }
    } finally {
      reconnecting.unlock();
    }
  }

  private TokenConnection requireConnection() {
    TokenConnection current = connection;
    if (current == null) {
      throw new XksException(XksError.INTERNAL, "the key manager (PKCS#11 token) is unavailable");
    }
    return current;
  }

  private XksException failure(String what, Exception e) {
    log.warn("token failure while {}: {}", what, rootMessage(e));
    onFailure.run();
    return new XksException(XksError.INTERNAL, "the key manager (PKCS#11 token) failed", e);
  }

  private static void ensureHealthKey(KeyToken token) {
    if (token.attributes(HEALTH_KEY).isEmpty()) {
      token.generateAes256(HEALTH_KEY, true, true);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return e.getMessage() + (root == e ? "" : " (" + root + ")");
  }

  private static XksException notFound(String keyId) {
    return new XksException(XksError.KEY_NOT_FOUND, "no key " + keyId + " in the token");
  }

  @Override
  public void close() {
    TokenConnection current = connection;
    connection = null;
    if (current != null) {
      current.close();
    }
  }
}
