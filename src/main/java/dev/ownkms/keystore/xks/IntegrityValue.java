package dev.ownkms.keystore.xks;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The spec's ciphertext data integrity value (CDIV, xks.md §1.6, Appendix C): SHA-256 over {@code
 * aad || ciphertextMetadata || iv || ciphertext || tag}, the decoded bytes with no length
 * prefixes, absent fields contributing nothing. It guards against bit flips between the proxy's
 * encryption and its answer, not against attackers. Both sides use this one computation: the
 * caller to check an Encrypt answer, the proxy to produce it.
 */
public final class IntegrityValue {

  private IntegrityValue() {}

  /** The CDIV; {@code aad} and {@code ciphertextMetadata} may be null (absent). */
  public static byte[] sha256(byte[] aad, byte[] ciphertextMetadata, byte[] iv,
      byte[] ciphertext, byte[] tag) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      if (aad != null) {
        sha256.update(aad);
      }
      if (ciphertextMetadata != null) {
        sha256.update(ciphertextMetadata);
      }
      sha256.update(iv);
      sha256.update(ciphertext);
      sha256.update(tag);
      return sha256.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
