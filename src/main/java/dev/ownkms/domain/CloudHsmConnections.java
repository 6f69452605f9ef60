package dev.ownkms.domain;

import dev.ownkms.domain.cloudhsm.Cluster;
import dev.ownkms.domain.cloudhsm.ClusterBackend;
import dev.ownkms.domain.cloudhsm.ClusterConnectException;
import dev.ownkms.domain.cloudhsm.ClusterToken;
import dev.ownkms.domain.cloudhsm.ClusterUnavailableException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins of CloudHSM key stores to their clusters' tokens as {@code kmsuser}. SoftHSM never locks
 * a PIN, so failed logins are counted per cluster here and the store is refused with
 * {@code USER_LOCKED_OUT} after {@link #MAX_FAILED_LOGINS} in a row, as CloudHSM would; setting a
 * new kmsuser password ({@code ownkms cluster set-kmsuser-password}) clears the count.
 */
public final class CloudHsmConnections {

  public static final int MAX_FAILED_LOGINS = 5;

  private static final Logger log = LoggerFactory.getLogger(CloudHsmConnections.class);

  private final KmsStore store;
  private final ClusterBackend backend;
  private final Secrets secrets;
  private final ReentrantLock loggingIn = new ReentrantLock();

  public CloudHsmConnections(KmsStore store, ClusterBackend backend, Secrets secrets) {
    this.store = store;
    this.backend = backend;
    this.secrets = secrets;
  }

  /** One connect of a store: empty when logged in, else the ConnectionErrorCode of the failure. */
  Optional<ConnectionErrorCode> connect(CustomKeyStore keyStore) {
    EventLoop.forbidBlocking("a CloudHSM login");
    loggingIn.lock();
    try {
      Optional<Cluster> found = store.read(r -> r.findCluster(keyStore.cloudHsmClusterId()));
      if (found.isEmpty()) {
        return Optional.of(ConnectionErrorCode.CLUSTER_NOT_FOUND);
      }
      Cluster cluster = found.get();
      if (cluster.hsmCount() < 1) {
        return Optional.of(ConnectionErrorCode.INSUFFICIENT_CLOUDHSM_HSMS);
      }
      if (cluster.failedLogins() >= MAX_FAILED_LOGINS) {
        return Optional.of(ConnectionErrorCode.USER_LOCKED_OUT);
      }
      try {
        backend.connect(cluster.id(), cluster.location(), secrets.kmsuserPassword(keyStore));
        recordLogins(cluster.id(), 0);
        return Optional.empty();
      } catch (ClusterConnectException e) {
        log.warn("Custom key store {} cannot log in to cluster {} as kmsuser: {}", keyStore.id(),
            cluster.id(), e.getMessage());
        return Optional.of(switch (e.reason()) {
          case PIN_INCORRECT -> {
            recordLogins(cluster.id(), cluster.failedLogins() + 1);
            yield ConnectionErrorCode.INVALID_CREDENTIALS;
          }
          case PIN_LOCKED -> ConnectionErrorCode.USER_LOCKED_OUT;
          case USER_NOT_INITIALIZED -> ConnectionErrorCode.USER_NOT_FOUND;
          case LIBRARY_NOT_FOUND, TOKEN_NOT_FOUND -> ConnectionErrorCode.CLUSTER_NOT_FOUND;
          case TOKEN_ERROR -> ConnectionErrorCode.INTERNAL_ERROR;
        });
      }
    } finally {
      loggingIn.unlock();
    }
  }

  /**
   * The logged-in token of a connected store. After a restart, or on another node, the store is
   * CONNECTED in the database but this process holds no session yet: it logs in again here.
   */
  ClusterToken token(CustomKeyStore keyStore) {
    return token(keyStore.cloudHsmClusterId(), () -> keyStore);
  }

  /** As {@link #token(CustomKeyStore)}, reading the store only when a login is needed. */
  ClusterToken token(String clusterId, Supplier<CustomKeyStore> keyStoreOnLogin) {
    Optional<ClusterToken> connected = backend.connected(clusterId);
    if (connected.isPresent()) {
      return connected.get();
    }
    EventLoop.forbidBlocking("a CloudHSM login");
    loggingIn.lock();
    try {
      Optional<ClusterToken> raced = backend.connected(clusterId);
      if (raced.isPresent()) {
        return raced.get();
      }
      Cluster cluster = store.read(r -> r.findCluster(clusterId)).orElseThrow(() ->
          new ClusterUnavailableException("the cluster " + clusterId + " no longer exists", null));
      try {
        return backend.connect(clusterId, cluster.location(),
            secrets.kmsuserPassword(keyStoreOnLogin.get()));
      } catch (ClusterConnectException e) {
        throw new ClusterUnavailableException("cannot log in to the cluster " + clusterId
            + " as kmsuser: " + e.getMessage(), e);
      }
    } finally {
      loggingIn.unlock();
    }
  }

  void disconnect(String clusterId) {
    EventLoop.forbidBlocking("a CloudHSM logout");
    backend.disconnect(clusterId);
  }

  private void recordLogins(String clusterId, int failed) {
    store.write(r -> {
      r.findCluster(clusterId).filter(c -> c.failedLogins() != failed)
          .ifPresent(c -> r.updateCluster(c.withFailedLogins(failed)));
      return null;
    });
  }
}
