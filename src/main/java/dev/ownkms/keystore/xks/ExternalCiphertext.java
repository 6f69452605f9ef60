package dev.ownkms.keystore.xks;

import dev.ownkms.error.KmsException.InvalidCiphertextException;
import dev.ownkms.keystore.EncryptionContexts;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;

/**
 * The ciphertext blob of a key in an external key store, format version 3
 * (docs/ciphertext-format.md): the proxy's answer to Encrypt around the default-store layer
 * (double encryption, xks.md §2.1):
 *
 * <pre>
 * version(1) = 0x03 | key id(16, UUID) | iv length(1) | iv(12|16) | tag(16)
 * | metadata length(1) | metadata(0..20) | outer ciphertext (= the version 1 blob, encrypted)
 * </pre>
 *
 * The AAD sent to the proxy is the version and key id followed by the canonical encryption
 * context, so the proxy refuses a blob moved to another key or opened with another context.
 */
public record ExternalCiphertext(UUID keyId, XksEncrypted encrypted) {

  public static final byte VERSION = 0x03;
  private static final int TAG_BYTES = 16;
  private static final int MAX_METADATA_BYTES = 20;
  private static final int MAX_BYTES = 6144;

  /** Whether a blob is of this format (its first byte); says nothing about the rest. */
  public static boolean isExternalBlob(byte[] blob) {
    return blob != null && blob.length > 0 && blob[0] == VERSION;
  }

  /** InvalidCiphertextException for anything but a well-formed version 3 blob. */
  public static ExternalCiphertext parse(byte[] blob) {
    if (!isExternalBlob(blob) || blob.length > MAX_BYTES) {
      throw new InvalidCiphertextException();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(blob, 1, blob.length - 1);
      UUID keyId = new UUID(in.getLong(), in.getLong());
      int ivLength = in.get();
      if (ivLength != 12 && ivLength != 16) {
        throw new InvalidCiphertextException();
      }
      byte[] iv = take(in, ivLength);
      byte[] tag = take(in, TAG_BYTES);
      int metadataLength = in.get();
      if (metadataLength < 0 || metadataLength > MAX_METADATA_BYTES) {
        throw new InvalidCiphertextException();
      }
      byte[] metadata = metadataLength == 0 ? null : take(in, metadataLength);
      byte[] ciphertext = take(in, in.remaining());
      if (ciphertext.length == 0) {
        throw new InvalidCiphertextException();
      }
      return new ExternalCiphertext(keyId, new XksEncrypted(ciphertext, iv, tag, metadata));
    } catch (java.nio.BufferUnderflowException e) {
      throw new InvalidCiphertextException();
    }
  }

  public byte[] toBytes() {
    byte[] metadata = encrypted.ciphertextMetadata() == null ? new byte[0]
        : encrypted.ciphertextMetadata();
    byte[] iv = encrypted.initializationVector();
    return ByteBuffer.allocate(1 + 16 + 1 + iv.length + TAG_BYTES + 1 + metadata.length
            + encrypted.ciphertext().length)
        .put(VERSION).putLong(keyId.getMostSignificantBits())
        .putLong(keyId.getLeastSignificantBits())
        .put((byte) iv.length).put(iv).put(encrypted.authenticationTag())
        .put((byte) metadata.length).put(metadata).put(encrypted.ciphertext()).array();
  }

  /** What the proxy authenticates besides the ciphertext: this key and the caller's context. */
  public static byte[] aad(UUID keyId, Map<String, String> context) {
    byte[] canonical = EncryptionContexts.canonical(context);
    return ByteBuffer.allocate(17 + canonical.length).put(VERSION)
        .putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits())
        .put(canonical).array();
  }

  private static byte[] take(ByteBuffer in, int n) {
    byte[] bytes = new byte[n];
    in.get(bytes);
    return bytes;
  }
}
