package dev.ownkms.xksproxy;

import java.nio.ByteBuffer;

/**
 * The AAD the proxy feeds to AES-GCM (xks.md §1.6): {@code u16be(len(aad)) || aad || u8(len(cm))
 * || cm}, so the ciphertext metadata is authenticated and cannot be moved into the AAD field;
 * absent fields count as empty. (The integrity value, which the caller checks too, is {@link
 * dev.ownkms.keystore.xks.IntegrityValue}.)
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
}
