package dev.ownkms.keystore;

import dev.ownkms.error.KmsException.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * The ciphertext blob of a default-store key, format version 1 (docs/ciphertext-format.md):
 *
 * <pre>
 * version(1) = 0x01 | key id(16, UUID) | backing-key version(4, big-endian) | nonce(16) | iv(12)
 * | AES-256-GCM ciphertext || tag(16)
 * </pre>
 *
 * The 49-byte header is authenticated (it is part of the AAD), so a changed byte anywhere fails
 * the tag. Parsing checks only shape; every malformed blob is {@code InvalidCiphertextException}
 * with no message, as AWS answers.
 */
public record Ciphertext(UUID keyId, int backingKeyVersion, byte[] nonce, byte[] iv, byte[] sealed) {

  public static final byte VERSION = 0x01;
  static final int NONCE_BYTES = 16;
  static final int IV_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int HEADER_BYTES = 1 + 16 + 4 + NONCE_BYTES + IV_BYTES;
  /** The model's CiphertextType allows 6144 bytes at most. */
  static final int MAX_BYTES = 6144;

  public Ciphertext {
    if (nonce.length != NONCE_BYTES || iv.length != IV_BYTES || sealed.length < TAG_BYTES) {
      throw new IllegalArgumentException("malformed ciphertext parts");
    }
  }

  public static Ciphertext parse(byte[] blob) {
    if (blob == null || blob.length < HEADER_BYTES + TAG_BYTES || blob.length > MAX_BYTES
        || blob[0] != VERSION) {
      throw new InvalidCiphertextException();
    }
    ByteBuffer in = ByteBuffer.wrap(blob);
    in.get();
    UUID keyId = new UUID(in.getLong(), in.getLong());
    int version = in.getInt();
    if (version < 1) {
      throw new InvalidCiphertextException();
    }
    byte[] nonce = take(in, NONCE_BYTES);
    byte[] iv = take(in, IV_BYTES);
    byte[] sealed = take(in, in.remaining());
    return new Ciphertext(keyId, version, nonce, iv, sealed);
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
        .put(header())
        .put(sealed)
        .array();
  }

  /** Everything before the GCM output: authenticated, not encrypted. */
  byte[] header() {
    return ByteBuffer.allocate(HEADER_BYTES)
        .put(VERSION)
        .putLong(keyId.getMostSignificantBits())
        .putLong(keyId.getLeastSignificantBits())
        .putInt(backingKeyVersion)
        .put(nonce)
        .put(iv)
        .array();
  }

  private static byte[] take(ByteBuffer in, int length) {
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ciphertext c && Arrays.equals(toBytes(), c.toBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toBytes());
  }

  @Override
  public String toString() {
    return "Ciphertext[key=" + keyId + ", version=" + backingKeyVersion + ", "
        + sealed.length + " bytes]";
  }
}
