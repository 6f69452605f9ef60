package dev.ownkms.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A custom key store record (kms-contract.md §2.1–2.6). Immutable; changes return a new record.
 *
 * @param sealedPassword the {@code kmsuser} password, sealed by the root key; never returned
 * @param errorCode set only while {@link ConnectionState#FAILED}
 */
public record CustomKeyStore(
    String id,
    Caller owner,
    String name,
    CustomKeyStoreType type,
    String cloudHsmClusterId,
    String trustAnchorCertificate,
    byte[] sealedPassword,
    ConnectionState connectionState,
    ConnectionErrorCode errorCode,
    Instant creationDate) {

  public CustomKeyStore {
    Objects.requireNonNull(id);
    Objects.requireNonNull(owner);
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(connectionState);
    Objects.requireNonNull(creationDate);
    if ((connectionState == ConnectionState.FAILED) != (errorCode != null)) {
      throw new IllegalArgumentException("an error code goes with FAILED alone");
    }
  }

  public boolean connected() {
    return connectionState == ConnectionState.CONNECTED;
  }

  public CustomKeyStore withName(String newName) {
    return new CustomKeyStore(id, owner, newName, type, cloudHsmClusterId, trustAnchorCertificate,
        sealedPassword, connectionState, errorCode, creationDate);
  }

  public CustomKeyStore withCluster(String clusterId) {
    return new CustomKeyStore(id, owner, name, type, clusterId, trustAnchorCertificate,
        sealedPassword, connectionState, errorCode, creationDate);
  }

  public CustomKeyStore withSealedPassword(byte[] newSealedPassword) {
    return new CustomKeyStore(id, owner, name, type, cloudHsmClusterId, trustAnchorCertificate,
        newSealedPassword, connectionState, errorCode, creationDate);
  }

  public CustomKeyStore withConnection(ConnectionState state, ConnectionErrorCode code) {
    return new CustomKeyStore(id, owner, name, type, cloudHsmClusterId, trustAnchorCertificate,
        sealedPassword, state, code, creationDate);
  }

  @Override
  public String toString() {
    return "CustomKeyStore[" + id + " " + name + " " + type + " " + connectionState + "]";
  }
}
