package dev.ownkms.domain;

import dev.ownkms.domain.XksFailures.Context;
import dev.ownkms.error.KmsException.CustomKeyStoreInvalidStateException;
import dev.ownkms.error.KmsException.KMSInvalidStateException;
import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
import dev.ownkms.error.KmsException.XksKeyAlreadyInUseException;
import dev.ownkms.error.KmsException.XksKeyInvalidConfigurationException;
import dev.ownkms.keystore.xks.ExternalCiphertext;
import dev.ownkms.keystore.xks.XksCallContext;
import dev.ownkms.keystore.xks.XksCallException;
import dev.ownkms.keystore.xks.XksClient;
import dev.ownkms.keystore.xks.XksEncrypted;
import dev.ownkms.keystore.xks.XksKeyMetadata;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys of external key stores: the outer layer of double encryption (xks.md §2.1), made and
 * opened by the store's proxy. Every call here reaches the proxy, so none runs on an event loop;
 * every proxy failure is AWS's exception for its context (xks.md §2.6).
 */
public final class ExternalKeys {

  private static final Logger log = LoggerFactory.getLogger(ExternalKeys.class);

  private final KmsStore store;
  private final XksConnector connector;

  public ExternalKeys(KmsStore store, XksConnector connector) {
    this.store = store;
    this.connector = connector;
  }

  /**
   * CreateKey's store and external-key checks (xks.md §2.5); returns where the new key lives.
   * The unique index on (store, XksKeyId) settles a race between two CreateKey calls.
   */
  KmsKey.StoreLink register(Caller caller, String customKeyStoreId, String keyId,
      String xksKeyId) {
    EventLoop.forbidBlocking("an XKS proxy");
    CustomKeyStore keyStore = store.read(r -> r.findCustomKeyStore(caller, customKeyStoreId))
        .orElseThrow(() -> CustomKeyStoreService.notFound(customKeyStoreId));
    if (!keyStore.external()) {
      throw new KmsUnsupportedOperationException("The custom key store " + customKeyStoreId
          + " is an AWS_CLOUDHSM key store; Origin EXTERNAL_KEY_STORE needs an"
          + " EXTERNAL_KEY_STORE key store.");
    }
    if (!keyStore.connected()) {
      throw new CustomKeyStoreInvalidStateException(XksFailures.NOT_CONNECTED);
    }
    store.read(r -> requireFree(r, customKeyStoreId, xksKeyId));
    XksKeyMetadata metadata;
    try {
      metadata = connector.client(keyStore).keyMetadata(xksKeyId,
          context(caller, caller.keyArn(keyId), "CreateKey"));
    } catch (XksCallException e) {
      log.info("CreateKey in {}: GetKeyMetadata of {} failed: {}", customKeyStoreId, xksKeyId,
          e.getMessage());
      throw XksFailures.of(e.outcome(), Context.CREATE_KEY);
    }
    requireUsable(metadata);
    return new KmsKey.StoreLink(customKeyStoreId, null, xksKeyId, true);
  }

  /** Each external key backs one KMS key of its store at most. */
  static Void requireFree(Repositories r, String customKeyStoreId, String xksKeyId) {
    if (r.xksKeyInUse(customKeyStoreId, xksKeyId)) {
      throw new XksKeyAlreadyInUseException("The external key " + xksKeyId + " is already"
          + " associated with a KMS key in custom key store " + customKeyStoreId + ".");
    }
    return null;
  }

  /** The spec's checks, in the order AWS documents them (xks.md §2.5). */
  private static void requireUsable(XksKeyMetadata metadata) {
    if (!"AES_256".equals(metadata.keySpec())) {
      throw new XksKeyInvalidConfigurationException("The key spec of the external key must be"
          + " AES_256. The key spec of specified external key is " + metadata.keySpec() + ".");
    }
    if (!"ENABLED".equals(metadata.keyStatus())) {
      throw new XksKeyInvalidConfigurationException("The status of the external key must be"
          + " ENABLED. The status of specified external key is " + metadata.keyStatus() + ".");
    }
    if (!metadata.keyUsage().contains("ENCRYPT") || !metadata.keyUsage().contains("DECRYPT")) {
      throw new XksKeyInvalidConfigurationException("The key usage of the external key must"
          + " include ENCRYPT and DECRYPT. The key use of specified external key is "
          + String.join(",", metadata.keyUsage()) + ".");
    }
  }

  /** Wraps the default-store blob {@code inner} with the external key. */
  byte[] encrypt(Caller caller, KmsKey key, byte[] inner, Map<String, String> context,
      String operation) {
    EventLoop.forbidBlocking("an XKS proxy");
    UUID keyId = UUID.fromString(key.keyId());
    try {
      XksEncrypted outer = client(key).encrypt(key.xksKeyId(), inner,
          ExternalCiphertext.aad(keyId, context), context(caller, key.arn(), operation));
      return new ExternalCiphertext(keyId, outer).toBytes();
    } catch (XksCallException e) {
      throw cryptoFailure(key, operation, e);
    }
  }

  /** Unwraps a version 3 blob to the default-store blob inside. */
  byte[] decrypt(Caller caller, KmsKey key, ExternalCiphertext blob, Map<String, String> context,
      String operation) {
    EventLoop.forbidBlocking("an XKS proxy");
    try {
      return client(key).decrypt(key.xksKeyId(), blob.encrypted(),
          ExternalCiphertext.aad(blob.keyId(), context), context(caller, key.arn(), operation));
    } catch (XksCallException e) {
      throw cryptoFailure(key, operation, e);
    }
  }

  /** A store's connection or settings changed: its next call builds a new client. */
  void forget(String customKeyStoreId) {
    connector.forget(customKeyStoreId);
  }

  private XksClient client(KmsKey key) {
    return connector.pooled(key.customKeyStoreId()).orElseGet(() -> connector.client(
        store.read(r -> r.findCustomKeyStore(key.owner(), key.customKeyStoreId()))
            .filter(CustomKeyStore::connected)
            .orElseThrow(() -> new KMSInvalidStateException(key.arn() + " is unavailable."))));
  }


  private static KMSInvalidStateException cryptoFailure(KmsKey key, String operation,
      XksCallException e) {
    log.info("{} with {}: the proxy call failed: {}", operation, key.arn(), e.getMessage());
    return (KMSInvalidStateException) XksFailures.of(e.outcome(), Context.CRYPTO);
  }

  private static XksCallContext context(Caller caller, String keyArn, String operation) {
    return new XksCallContext(operation, UUID.randomUUID().toString(), caller.principalArn(),
        keyArn);
  }
}
