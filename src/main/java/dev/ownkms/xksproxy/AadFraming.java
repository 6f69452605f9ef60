package dev.ownkms.xksproxy;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The bytes around AES-GCM that the spec defines (xks.md §1.6).
 *
 * <p>The AAD fed to the token is {@code u16be(len(aad)) || aad || u8(len(cm)) || cm}, so the
 * ciphertext metadata is authenticated and cannot be moved into the AAD field; absent fields count
 * as empty. The ciphertext data integrity value is SHA-256 over {@code aad || cm || iv ||
 * ciphertext || tag}, with no length prefixes (Appendix C).
 */
final class AadFraming {

  private AadFraming() {}

  static byte[] framedAad(byte[] aad, byte[] ciphertextMetadata) {
    byte[] a = aad == null ? new byte[0] : aad;
    byte[] cm = ciphertextMetadata == null ? new byte[0] : ciphertextMetadata;
    if (a.length > 0xffff || cm.length > 0xff) {
      throw new IllegalArgumentException("AAD or ciphertext metadata too long to frame");
    }
    return ByteBuffer.allocate(2 + a.length + 1 + cm.length)
        .putShort((short) a.length).put(a).put((byte) cm.length).put(cm).array();
  }

  static byte[] integrityValue(byte[] aad, byte[] ciphertextMetadata, byte[] iv,
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
