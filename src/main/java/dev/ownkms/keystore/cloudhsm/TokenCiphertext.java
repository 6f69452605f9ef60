package dev.ownkms.keystore.cloudhsm;

import dev.ownkms.error.KmsException.InvalidCiphertextException;
import dev.ownkms.keystore.EncryptionContexts;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import javax.crypto.AEADBadTagException;

/**
 * The ciphertext blob of a key whose material lives in a token (a CloudHSM key store), format
 * version 2 (docs/ciphertext-format.md):
 *
 * <pre>
 * version(1) = 0x02 | key id(16, UUID) | iv(12) | AES-256-GCM ciphertext || tag(16)
 * </pre>
 *
 * The GCM runs inside the token with the key labelled by the KMS key id; the AAD is the 29-byte
 * header and the canonical encryption context, as in version 1. No per-message key derivation:
 * the key never leaves the token, which is the point of the store.
 */
public final class TokenCiphertext {

  public static final byte VERSION = 0x02;
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final int HEADER_BYTES = 1 + 16 + IV_BYTES;
  private static final int MAX_BYTES = 6144;

  private final SecureRandom random;

  public TokenCiphertext(SecureRandom random) {
    this.random = random;
  }

  /** Whether a blob is of this format (its first byte); say nothing about the rest. */
  public static boolean isTokenBlob(byte[] blob) {
    return blob != null && blob.length > 0 && blob[0] == VERSION;
  }

  /** The key a blob names; InvalidCiphertextException if it is not a well-formed v2 blob. */
  public static UUID keyId(byte[] blob) {
    requireShape(blob);
    ByteBuffer in = ByteBuffer.wrap(blob, 1, 16);
    return new UUID(in.getLong(), in.getLong());
  }

  public byte[] encrypt(TokenCipher token, UUID keyId, byte[] plaintext,
      Map<String, String> context) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(VERSION)
        .putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits())
        .put(iv).array();
    byte[] sealed = token.encrypt(keyId.toString(), iv, plaintext, aad(header, context));
    return ByteBuffer.allocate(HEADER_BYTES + sealed.length).put(header).put(sealed).array();
  }

  /** Any mismatch (tampering, wrong context) is InvalidCiphertextException. */
  public byte[] decrypt(TokenCipher token, byte[] blob, Map<String, String> context) {
    UUID keyId = keyId(blob);
    byte[] header = new byte[HEADER_BYTES];
    System.arraycopy(blob, 0, header, 0, HEADER_BYTES);
    byte[] iv = new byte[IV_BYTES];
    System.arraycopy(blob, 1 + 16, iv, 0, IV_BYTES);
    byte[] sealed = new byte[blob.length - HEADER_BYTES];
    System.arraycopy(blob, HEADER_BYTES, sealed, 0, sealed.length);
    try {
      return token.decrypt(keyId.toString(), iv, sealed, aad(header, context));
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException();
    }
  }

  private static void requireShape(byte[] blob) {
    if (!isTokenBlob(blob) || blob.length < HEADER_BYTES + TAG_BYTES || blob.length > MAX_BYTES) {
      throw new InvalidCiphertextException();
    }
  }

  private static byte[] aad(byte[] header, Map<String, String> context) {
    byte[] canonical = EncryptionContexts.canonical(context);
    return ByteBuffer.allocate(header.length + canonical.length).put(header).put(canonical)
        .array();
  }
}
