package dev.ownkms.keystore.xks;

/**
 * What a proxy Encrypt returned, checked, and what Decrypt needs back (xks.md §1.6, §1.7).
 *
 * @param initializationVector 12 or 16 bytes
 * @param authenticationTag 16 bytes
 * @param ciphertextMetadata at most 20 bytes; null when the proxy sent none
 */
public record XksEncrypted(byte[] ciphertext, byte[] initializationVector,
    byte[] authenticationTag, byte[] ciphertextMetadata) {

  @Override
  public String toString() {
    return "XksEncrypted[ciphertext=" + ciphertext.length + " bytes, iv="
        + initializationVector.length + " bytes, tag=" + authenticationTag.length
        + " bytes, metadata=" + (ciphertextMetadata == null ? "none"
        : ciphertextMetadata.length + " bytes") + "]";
  }
}
