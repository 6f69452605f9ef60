package dev.ownkms.domain;

import dev.ownkms.domain.XksFailures.Context;
import dev.ownkms.error.KmsException.XksProxyUriUnreachableException;
import dev.ownkms.keystore.xks.XksCallContext;
import dev.ownkms.keystore.xks.XksCallException;
import dev.ownkms.keystore.xks.XksClient;
import dev.ownkms.keystore.xks.XksClients;
import dev.ownkms.keystore.xks.XksHealth;
import dev.ownkms.keystore.xks.XksTarget;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external key store's way to its proxy: the health checks of Create, Update and Connect
 * (xks.md §2.2) and the pooled client its keys use. The secret is unsealed only to build a
 * client's signer and wiped after.
 */
public final class XksConnector {

  private static final Logger log = LoggerFactory.getLogger(XksConnector.class);

  private final XksClients clients;
  private final Secrets secrets;

  public XksConnector(XksClients clients, Secrets secrets) {
    this.clients = clients;
    this.secrets = secrets;
  }

  /**
   * Create/Update with a public endpoint: GetHealthStatus with the new values through a fresh
   * client; any failure is the management exception of xks.md §2.6 and nothing is saved.
   */
  void probe(CustomKeyStore candidate, String kmsOperation) {
    EventLoop.forbidBlocking("an XKS proxy");
    XksHealth health;
    try (XksClient probe = clients.probe(target(candidate))) {
      health = probe.health(context(candidate, kmsOperation));
    } catch (XksCallException e) {
      log.info("{} of {}: the proxy health check failed: {}", kmsOperation, candidate.id(),
          e.getMessage());
      throw XksFailures.of(e.outcome(), Context.MANAGEMENT);
    }
    if (health.allUnavailable()) {
      throw new XksProxyUriUnreachableException(XksFailures.UNHEALTHY);
    }
  }

  /** Connect's health check with trust read again from disk; the error code if it failed. */
  Optional<ConnectionErrorCode> connect(CustomKeyStore keyStore) {
    try {
      XksHealth health = clients.client(target(keyStore), true)
          .health(context(keyStore, "ConnectCustomKeyStore"));
      if (health.allUnavailable()) {
        log.info("Connecting {}: every external key manager of the proxy is UNAVAILABLE",
            keyStore.id());
        return Optional.of(ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE);
      }
      return Optional.empty();
    } catch (XksCallException e) {
      log.info("Connecting {}: the proxy health check failed: {}", keyStore.id(), e.getMessage());
      return Optional.of(XksFailures.connectionError(e.outcome()));
    }
  }

  /** The pooled client of a connected store. */
  XksClient client(CustomKeyStore keyStore) {
    return clients.client(target(keyStore), false);
  }

  /**
   * The client a store's keys use: the pooled one while there is one (dropped whenever the store
   * disconnects or its settings change), so a hot call neither reads the store nor unseals.
   */
  Optional<XksClient> pooled(String customKeyStoreId) {
    return clients.pooled(customKeyStoreId);
  }

  void forget(String customKeyStoreId) {
    clients.forget(customKeyStoreId);
  }

  private XksTarget target(CustomKeyStore keyStore) {
    XksProxySettings xks = keyStore.xks();
    byte[] secret = secrets.xksSecret(keyStore);
    try {
      return new XksTarget(keyStore.id(), xks.uriEndpoint(), xks.uriPath(), xks.accessKeyId(),
          secret.clone(), keyStore.owner().region());
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static XksCallContext context(CustomKeyStore keyStore, String kmsOperation) {
    return new XksCallContext(kmsOperation, UUID.randomUUID().toString(),
        keyStore.owner().principalArn(), null);
  }
}
