package dev.ownkms.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A custom key store record (kms-contract.md §2.1–2.6). Immutable; changes return a new record.
 *
 * @param sealedPassword the {@code kmsuser} password, sealed by the root key; never returned
 * @param errorCode set only while {@link ConnectionState#FAILED}
 * @param xks the proxy settings of an external key store; null for a CloudHSM store
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
    Instant creationDate,
    XksProxySettings xks) {

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
    if ((type == CustomKeyStoreType.EXTERNAL_KEY_STORE) != (xks != null)) {
      throw new IllegalArgumentException("proxy settings go with external key stores alone");
    }
  }

  /** A new CloudHSM store: DISCONNECTED, no error. */
  public static CustomKeyStore cloudHsm(String id, Caller owner, String name, String clusterId,
      String trustAnchorCertificate, byte[] sealedPassword, Instant creationDate) {
    return new CustomKeyStore(id, owner, name, CustomKeyStoreType.AWS_CLOUDHSM, clusterId,
        trustAnchorCertificate, sealedPassword, ConnectionState.DISCONNECTED, null, creationDate,
        null);
  }

  /** A new external key store: DISCONNECTED, no error. */
  public static CustomKeyStore external(String id, Caller owner, String name,
      XksProxySettings xks, Instant creationDate) {
    return new CustomKeyStore(id, owner, name, CustomKeyStoreType.EXTERNAL_KEY_STORE, null, null,
        null, ConnectionState.DISCONNECTED, null, creationDate, xks);
  }

  public boolean external() {
    return type == CustomKeyStoreType.EXTERNAL_KEY_STORE;
  }

  public boolean connected() {
    return connectionState == ConnectionState.CONNECTED;
  }

  public CustomKeyStore withName(String newName) {
    return new CustomKeyStore(id, owner, newName, type, cloudHsmClusterId, trustAnchorCertificate,
        sealedPassword, connectionState, errorCode, creationDate, xks);
  }

  public CustomKeyStore withCluster(String clusterId) {
    return new CustomKeyStore(id, owner, name, type, clusterId, trustAnchorCertificate,
        sealedPassword, connectionState, errorCode, creationDate, xks);
  }

  public CustomKeyStore withSealedPassword(byte[] newSealedPassword) {
    return new CustomKeyStore(id, owner, name, type, cloudHsmClusterId, trustAnchorCertificate,
        newSealedPassword, connectionState, errorCode, creationDate, xks);
  }

  public CustomKeyStore withConnection(ConnectionState state, ConnectionErrorCode code) {
    return new CustomKeyStore(id, owner, name, type, cloudHsmClusterId, trustAnchorCertificate,
        sealedPassword, state, code, creationDate, xks);
  }

  public CustomKeyStore withXks(XksProxySettings newXks) {
    return new CustomKeyStore(id, owner, name, type, cloudHsmClusterId, trustAnchorCertificate,
        sealedPassword, connectionState, errorCode, creationDate, newXks);
  }

  @Override
  public String toString() {
    return "CustomKeyStore[" + id + " " + name + " " + type + " " + connectionState + "]";
  }
}
