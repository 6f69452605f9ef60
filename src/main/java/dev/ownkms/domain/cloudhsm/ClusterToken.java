package dev.ownkms.domain.cloudhsm;

import dev.ownkms.keystore.cloudhsm.TokenCipher;

/**
 * A cluster's token, logged in as {@code kmsuser}. Keys are non-extractable AES-256 token objects
 * labelled with their KMS key id. Any failure of the token itself (wiped, library gone, handle
 * invalid) is a {@link ClusterUnavailableException} with a message that says what happened.
 */
public interface ClusterToken extends TokenCipher {

  /** Generates a non-extractable AES-256 key in the token under this label. */
  void generateAes256(String label);

  boolean containsKey(String label);

  /** Destroys the token object; does nothing if there is none. */
  void destroyKey(String label);

  /** Bytes from the token's RNG ({@code C_GenerateRandom}). */
  byte[] randomBytes(int count);
}
