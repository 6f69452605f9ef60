package dev.ownkms.keystore.cloudhsm;

import javax.crypto.AEADBadTagException;

/** AES-256-GCM computed inside a token with the key labelled {@code label}. */
public interface TokenCipher {

  /** Returns ciphertext || 16-byte tag; the IV is the caller's (12 bytes). */
  byte[] encrypt(String label, byte[] iv, byte[] plaintext, byte[] aad);

  /** Throws AEADBadTagException when the tag does not verify. */
  byte[] decrypt(String label, byte[] iv, byte[] sealed, byte[] aad) throws AEADBadTagException;
}
