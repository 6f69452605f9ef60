package dev.ownkms.domain;

import dev.ownkms.domain.cloudhsm.Cluster;
import dev.ownkms.domain.cloudhsm.ClusterState;
import dev.ownkms.error.KmsException.CloudHsmClusterInUseException;
import dev.ownkms.error.KmsException.CloudHsmClusterInvalidConfigurationException;
import dev.ownkms.error.KmsException.CloudHsmClusterNotActiveException;
import dev.ownkms.error.KmsException.CloudHsmClusterNotFoundException;
import dev.ownkms.error.KmsException.CloudHsmClusterNotRelatedException;
import dev.ownkms.error.KmsException.CustomKeyStoreHasCMKsException;
import dev.ownkms.error.KmsException.CustomKeyStoreInvalidStateException;
import dev.ownkms.error.KmsException.CustomKeyStoreNameInUseException;
import dev.ownkms.error.KmsException.CustomKeyStoreNotFoundException;
import dev.ownkms.error.KmsException.IncorrectTrustAnchorException;
import dev.ownkms.error.KmsException.LimitExceededException;
import dev.ownkms.keystore.cloudhsm.ClusterCertificates;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom key store operations (kms-contract.md §1.2, §1.6, §2.1–2.6): the lifecycle shared by
 * both types, and the CloudHSM store's own rules ({@link ExternalKeyStores} has the external
 * store's). Connecting is asynchronous, as in AWS: the store goes {@code CONNECTING} at once and
 * a background login or proxy health check moves it to {@code CONNECTED} or {@code FAILED} with
 * the real cause.
 */
public final class CustomKeyStoreService {

  /** Custom key stores per account and Region, any type or state; not adjustable. */
  static final int MAX_STORES = 10;

  private static final Logger log = LoggerFactory.getLogger(CustomKeyStoreService.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KmsStore store;
  private final KeyLookup lookup;
  private final CloudHsmConnections connections;
  private final XksConnector proxies;
  private final ExternalKeys externalKeys;
  private final Secrets secrets;
  private final Executor background;
  private final Clock clock;

  public CustomKeyStoreService(KmsStore store, KeyLookup lookup, CloudHsmConnections connections,
      XksConnector proxies, ExternalKeys externalKeys, Secrets secrets, Executor background,
      Clock clock) {
    this.store = store;
    this.lookup = lookup;
    this.connections = connections;
    this.proxies = proxies;
    this.externalKeys = externalKeys;
    this.secrets = secrets;
    this.background = background;
    this.clock = clock;
  }

  /** {@code cks-} and 17 lowercase hex digits, as AWS's ids. */
  static String newStoreId() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "cks-" + HexFormat.of().formatHex(bytes).substring(0, 17);
  }

  /** What CreateCustomKeyStore asks for a CloudHSM store, checked against the model. */
  public record NewCloudHsmStore(String name, String clusterId, String trustAnchorCertificate,
      Secret password) { }

  public String createCloudHsm(Caller caller, NewCloudHsmStore request) {
    String id = newStoreId();
    byte[] sealed = secrets.sealKmsuserPassword(id, request.password());
    CustomKeyStore created = CustomKeyStore.cloudHsm(id, caller, request.name(),
        request.clusterId(), request.trustAnchorCertificate(), sealed, now());
    store.write(r -> {
      requireRoomForStore(r, caller);
      requireNameFree(r, caller, request.name(), null);
      Cluster cluster = usableCluster(r, request.clusterId());
      requireFamilyFree(r, cluster);
      if (!ClusterCertificates.isCertificate(request.trustAnchorCertificate())
          || !ClusterCertificates.sameCertificate(request.trustAnchorCertificate(),
          cluster.trustAnchorCertificate())) {
        throw new IncorrectTrustAnchorException("The TrustAnchorCertificate is not the trust"
            + " anchor certificate of the cluster " + cluster.id() + " (its customerCA.crt).");
      }
      r.insertCustomKeyStore(created);
      return null;
    });
    log.info("Created custom key store {} ({}) on cluster {}", id, request.name(),
        request.clusterId());
    return id;
  }

  /** DescribeCustomKeyStores: one store by id or name, or a page of all. */
  public Page<CustomKeyStore> describe(Caller caller, String id, String name, String marker,
      int limit) {
    if (id != null || name != null) {
      Optional<CustomKeyStore> found = store.read(r -> id != null
          ? r.findCustomKeyStore(caller, id) : r.findCustomKeyStoreByName(caller, name));
      CustomKeyStore one = found.orElseThrow(() -> id != null ? notFound(id)
          : new CustomKeyStoreNotFoundException(
              "No custom key store named '" + name + "' exists in this account and Region."));
      return new Page<>(List.of(one), null);
    }
    String after = Markers.decode("DescribeCustomKeyStores", marker);
    List<CustomKeyStore> rows = store.read(r -> r.listCustomKeyStores(caller, after, limit + 1));
    return Markers.page("DescribeCustomKeyStores", rows, limit, CustomKeyStore::id);
  }

  /** What UpdateCustomKeyStore asks for a CloudHSM store; null members stay as they are. */
  public record CloudHsmUpdate(String newName, Secret password, String clusterId) { }

  public void updateCloudHsm(Caller caller, String id, CloudHsmUpdate update) {
    byte[] sealed = update.password() == null ? null
        : secrets.sealKmsuserPassword(id, update.password());
    store.write(r -> {
      CustomKeyStore current = find(r, caller, id);
      boolean needsDisconnected = update.password() != null || update.clusterId() != null;
      if (needsDisconnected && current.connectionState() != ConnectionState.DISCONNECTED) {
        throw new CustomKeyStoreInvalidStateException("The custom key store " + id + " must be"
            + " DISCONNECTED to change its KeyStorePassword or CloudHsmClusterId; it is "
            + current.connectionState() + ".");
      }
      CustomKeyStore changed = current;
      if (update.newName() != null && !update.newName().equals(current.name())) {
        requireNameFree(r, caller, update.newName(), id);
        changed = changed.withName(update.newName());
      }
      if (update.clusterId() != null && !update.clusterId().equals(current.cloudHsmClusterId())) {
        Cluster target = r.findCluster(update.clusterId())
            .orElseThrow(() -> clusterNotFound(update.clusterId()));
        // Related clusters share a backup history, hence the trust anchor: that still tells
        // after the store's own cluster was deleted.
        boolean related = r.findCluster(current.cloudHsmClusterId())
            .map(original -> original.relatedTo(target))
            .orElseGet(() -> ClusterCertificates.sameCertificate(
                current.trustAnchorCertificate(), target.trustAnchorCertificate()));
        if (!related) {
          throw new CloudHsmClusterNotRelatedException("The cluster " + target.id() + " does"
              + " not share a backup history with " + current.cloudHsmClusterId()
              + ", the cluster of custom key store " + id + ".");
        }
        usableCluster(r, target.id());
        changed = changed.withCluster(target.id());
      }
      if (sealed != null) {
        changed = changed.withSealedPassword(sealed);
      }
      r.updateCustomKeyStore(changed);
      return null;
    });
    lookup.storeChanged();
  }

  /**
   * ConnectCustomKeyStore: configuration faults found at once are exceptions and leave the store
   * DISCONNECTED; the login itself runs in the background.
   */
  public void connect(Caller caller, String id) {
    boolean started = store.write(r -> {
      CustomKeyStore current = find(r, caller, id);
      switch (current.connectionState()) {
        case CONNECTED, CONNECTING -> {
          return false;
        }
        case FAILED -> throw new CustomKeyStoreInvalidStateException("The custom key store " + id
            + " is FAILED; disconnect it before you connect it again.");
        case DISCONNECTING -> throw new CustomKeyStoreInvalidStateException(
            "The custom key store " + id + " is DISCONNECTING.");
        case DISCONNECTED -> { }
      }
      Optional<Cluster> cluster = current.external() ? Optional.empty()
          : r.findCluster(current.cloudHsmClusterId());
      if (cluster.isPresent()) {
        requireActive(cluster.get());
        if (!cluster.get().hasSubnetsInTwoZones()) {
          throw new CloudHsmClusterInvalidConfigurationException("The cluster "
              + cluster.get().id() + " needs private subnets in at least two Availability Zones.");
        }
      }
      r.updateCustomKeyStore(current.withConnection(ConnectionState.CONNECTING, null));
      return true;
    });
    if (started) {
      lookup.storeChanged();
      background.execute(() -> finishConnect(caller, id));
    }
  }

  /** The VPC endpoint service first (AWS builds the endpoint there), then the proxy's health. */
  private Optional<ConnectionErrorCode> connectExternal(CustomKeyStore keyStore) {
    Optional<ExternalStoreRules.VpcFault> vpc = store.read(
        r -> ExternalStoreRules.vpcFault(r, keyStore));
    if (vpc.isPresent()) {
      log.info("Connecting {}: {}", keyStore.id(), vpc.get().message());
      return Optional.of(vpc.get().connectionError());
    }
    return proxies.connect(keyStore);
  }

  /** Drops what a connected store held: a token session, or a proxy client. */
  private void release(CustomKeyStore keyStore) {
    if (keyStore.external()) {
      externalKeys.forget(keyStore.id());
    } else {
      connections.disconnect(keyStore.cloudHsmClusterId());
    }
  }

  /** Stores left CONNECTING by a stopped server try again. */
  public void resumeConnects() {
    for (CustomKeyStore pending : store.read(r -> r.customKeyStoresIn(ConnectionState.CONNECTING))) {
      background.execute(() -> finishConnect(pending.owner(), pending.id()));
    }
  }

  private void finishConnect(Caller caller, String id) {
    try {
      Optional<CustomKeyStore> connecting = store.read(r -> r.findCustomKeyStore(caller, id))
          .filter(s -> s.connectionState() == ConnectionState.CONNECTING);
      if (connecting.isEmpty()) {
        return;
      }
      Optional<ConnectionErrorCode> failure = connecting.get().external()
          ? connectExternal(connecting.get()) : connections.connect(connecting.get());
      boolean applied = store.write(r -> {
        Optional<CustomKeyStore> now = r.findCustomKeyStore(caller, id)
            .filter(s -> s.connectionState() == ConnectionState.CONNECTING);
        now.ifPresent(s -> r.updateCustomKeyStore(failure.isEmpty()
            ? s.withConnection(ConnectionState.CONNECTED, null)
            : s.withConnection(ConnectionState.FAILED, failure.get())));
        return now.isPresent();
      });
      if (!applied && failure.isEmpty()) {
        // Disconnected (or deleted) while the login ran: do not keep the session.
        release(connecting.get());
      }
      lookup.storeChanged();
      log.info("Custom key store {}: {}", id, failure.map(code -> "connect FAILED with " + code)
          .orElse("CONNECTED"));
    } catch (RuntimeException e) {
      log.error("Connecting custom key store {} failed unexpectedly", id, e);
      store.write(r -> {
        r.findCustomKeyStore(caller, id)
            .filter(s -> s.connectionState() == ConnectionState.CONNECTING)
            .ifPresent(s -> r.updateCustomKeyStore(
                s.withConnection(ConnectionState.FAILED, ConnectionErrorCode.INTERNAL_ERROR)));
        return null;
      });
      lookup.storeChanged();
    }
  }

  public void disconnect(Caller caller, String id) {
    CustomKeyStore disconnected = store.write(r -> {
      CustomKeyStore current = find(r, caller, id);
      if (current.connectionState() == ConnectionState.DISCONNECTED
          || current.connectionState() == ConnectionState.DISCONNECTING) {
        throw new CustomKeyStoreInvalidStateException(
            "The custom key store " + id + " is " + current.connectionState() + ".");
      }
      r.updateCustomKeyStore(current.withConnection(ConnectionState.DISCONNECTED, null));
      return current;
    });
    lookup.storeChanged();
    release(disconnected);
    log.info("Disconnected custom key store {}", id);
  }

  public void delete(Caller caller, String id) {
    store.write(r -> {
      CustomKeyStore current = find(r, caller, id);
      if (current.connectionState() != ConnectionState.DISCONNECTED) {
        throw new CustomKeyStoreInvalidStateException("The custom key store " + id + " must be"
            + " DISCONNECTED to be deleted; it is " + current.connectionState() + ".");
      }
      int keys = r.countKeysInStore(id);
      if (keys > 0) {
        throw new CustomKeyStoreHasCMKsException("The custom key store " + id + " still holds "
            + keys + " KMS key" + (keys == 1 ? "" : "s")
            + "; schedule their deletion and wait for it to complete.");
      }
      r.deleteCustomKeyStore(current);
      return null;
    });
    log.info("Deleted custom key store {}", id);
  }

  /** The caller's store, for CreateKey and GenerateRandom. */
  public CustomKeyStore find(Caller caller, String id) {
    return store.read(r -> find(r, caller, id));
  }

  static CustomKeyStore find(Repositories r, Caller caller, String id) {
    return r.findCustomKeyStore(caller, id).orElseThrow(() -> notFound(id));
  }

  static CustomKeyStoreNotFoundException notFound(String id) {
    return new CustomKeyStoreNotFoundException("Custom key store '" + id + "' does not exist.");
  }

  private static CloudHsmClusterNotFoundException clusterNotFound(String clusterId) {
    return new CloudHsmClusterNotFoundException("No CloudHSM cluster has the id " + clusterId + ".");
  }

  /** Exists, ACTIVE, two HSMs in two zones: what a store needs of its cluster. */
  private static Cluster usableCluster(Repositories r, String clusterId) {
    Cluster cluster = r.findCluster(clusterId).orElseThrow(() -> clusterNotFound(clusterId));
    requireActive(cluster);
    requireTwoHsms(cluster);
    return cluster;
  }

  static void requireActive(Cluster cluster) {
    if (cluster.state() != ClusterState.ACTIVE) {
      throw new CloudHsmClusterNotActiveException("The cluster " + cluster.id() + " is "
          + cluster.state() + "; it must be ACTIVE.");
    }
  }

  static void requireTwoHsms(Cluster cluster) {
    if (!cluster.hasTwoHsmsInTwoZones()) {
      throw new CloudHsmClusterInvalidConfigurationException("The cluster " + cluster.id()
          + " must have at least two active HSMs in different Availability Zones; it has "
          + cluster.hsmCount() + " in " + cluster.availabilityZones() + ".");
    }
  }

  private static void requireFamilyFree(Repositories r, Cluster cluster) {
    List<String> family = r.listClusters().stream().filter(cluster::relatedTo)
        .map(Cluster::id).toList();
    r.findCustomKeyStoreOnClusters(family).ifPresent(user -> {
      throw new CloudHsmClusterInUseException("The cluster " + cluster.id() + ", or a cluster"
          + " that shares its backup history, already backs custom key store " + user.id() + ".");
    });
  }

  static void requireRoomForStore(Repositories r, Caller caller) {
    if (r.countCustomKeyStores(caller) >= MAX_STORES) {
      throw new LimitExceededException("The request would exceed the limit of " + MAX_STORES
          + " custom key stores in this account and Region.");
    }
  }

  static void requireNameFree(Repositories r, Caller caller, String name, String self) {
    r.findCustomKeyStoreByName(caller, name).filter(s -> !s.id().equals(self)).ifPresent(s -> {
      throw new CustomKeyStoreNameInUseException("A custom key store named '" + name
          + "' already exists in this account and Region.");
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
