package dev.ownkms.keystore;

/**
 * Seals backing keys for storage and unseals them for use: the root key in the {@code ownkms-root}
 * token does both, so backing keys never reach the database in clear.
 */
public interface KeySealer {

  byte[] seal(byte[] secret, byte[] associatedData);

  /** Throws if the sealed bytes were changed or belong to other associated data. */
  byte[] unseal(byte[] sealed, byte[] associatedData);
}
