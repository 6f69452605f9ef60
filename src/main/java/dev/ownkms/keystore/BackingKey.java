package dev.ownkms.keystore;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * One unsealed version of a KMS key's material: the AES-256 key the default store encrypts
 * with. Lives only in memory (the cache); the database holds it sealed by the root key.
 */
public record BackingKey(String keyId, int version, String keyMaterialId, SecretKey key) {

  public BackingKey {
    Objects.requireNonNull(key);
  }

  @Override
  public String toString() {
    return "BackingKey[" + keyId + " v" + version + ", material " + keyMaterialId + "]";
  }
}
