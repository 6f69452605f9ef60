package dev.ownkms.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Secret text: a SigV4 secret access key, a {@code kmsuser} password, an XKS secret key. It prints
 * as {@code ***} so that it cannot reach a log line or an exception message by accident, and it
 * compares in constant time. The one way to read it is {@link #revealUtf8()}, named to be grepped.
 */
public final class Secret {

  private final byte[] utf8;

  private Secret(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** Wraps {@code text}; the caller should drop its own reference to the plain string. */
  public static Secret of(String text) {
    Objects.requireNonNull(text, "text");
    return new Secret(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The secret text. Every call site is a place where the secret leaves this wrapper. */
  public String revealUtf8() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** Constant time in the content: a timing difference must not tell how much of a guess was right. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && MessageDigest.isEqual(utf8, that.utf8);
  }

  /**
   * Only the length, which equality already leaks: a content hash would give away bits of the
   * secret to anyone who can print or time a hash table.
   */
  @Override
  public int hashCode() {
    return utf8.length;
  }

  @Override
  public String toString() {
    return "***";
  }
}
