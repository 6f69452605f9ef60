package dev.ownkms.domain;

import dev.ownkms.domain.cloudhsm.CertificateIssuer;
import dev.ownkms.domain.cloudhsm.Cluster;
import dev.ownkms.domain.cloudhsm.ClusterBackend;
import dev.ownkms.domain.cloudhsm.ClusterConnectException;
import dev.ownkms.domain.cloudhsm.ClusterState;
import dev.ownkms.domain.cloudhsm.TokenLocation;
import dev.ownkms.error.KmsException.NotFoundException;
import dev.ownkms.keystore.cloudhsm.ClusterCertificates;
import dev.ownkms.error.KmsException.ValidationException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudHSM clusters of this server: what {@code ownkms cluster …} does, through the admin API
 * of a running server or directly on a stopped server's data directory.
 */
public final class ClusterService {

  private static final Logger log = LoggerFactory.getLogger(ClusterService.class);
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final String PASSWORD_CHARS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final KmsStore store;
  private final ClusterBackend backend;
  private final CertificateIssuer issuer;
  private final Secrets secrets;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ClusterService(KmsStore store, ClusterBackend backend, CertificateIssuer issuer,
      Secrets secrets, Clock clock) {
    this.store = store;
    this.backend = backend;
    this.issuer = issuer;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** A new cluster and, for a fresh token, its kmsuser password (null when restored from a backup). */
  public record Created(Cluster cluster, Secret kmsuserPassword) { }

  /** A SoftHSM token in the data directory as a new ACTIVE cluster, or a restore of a backup. */
  public Created create(int hsms, List<String> zones, String fromBackup) {
    requireShape(hsms, zones);
    String id = newId();
    if (fromBackup != null) {
      Cluster source = find(fromBackup);
      if (!source.location().inDataDirectory()) {
        throw new ValidationException("Only clusters made by 'ownkms cluster create' have backups"
            + " OwnKMS can restore; " + fromBackup + " is a registered token.");
      }
      backend.copyToken(source.id(), id);
      Cluster cluster = new Cluster(id, ClusterState.ACTIVE, hsms, zones, source.location(),
          source.trustAnchorCertificate(), source.clusterCertificate(), source.backupFamily(),
          source.sealedSoPin() == null ? null
              : secrets.sealSoPin(id, secrets.soPin(source.id(), source.sealedSoPin())),
          0, clock.instant().truncatedTo(ChronoUnit.MILLIS));
      store.write(r -> {
        r.insertCluster(cluster);
        return null;
      });
      log.info("Created cluster {} from a backup of {}", id, fromBackup);
      return new Created(cluster, null);
    }
    String label = id;
    ClusterBackend.TokenPins pins = backend.createToken(id, label);
    CertificateIssuer.Issued certificates = issuer.issue(id);
    Cluster cluster = new Cluster(id, ClusterState.ACTIVE, hsms, zones,
        TokenLocation.inDataDirectory(label), certificates.trustAnchorPem(),
        certificates.clusterCertificatePem(), id, secrets.sealSoPin(id, pins.soPin()), 0,
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
    store.write(r -> {
      r.insertCluster(cluster);
      return null;
    });
    log.info("Created cluster {} with {} HSMs in {}", id, hsms, zones);
    return new Created(cluster, pins.kmsuserPassword());
  }

  /** Any vendor's PKCS#11 token as a cluster; OwnKMS never changes or wipes it. */
  public Cluster register(Path library, String tokenLabel, Map<String, String> environment,
      int hsms, List<String> zones, String trustAnchorPem) {
    requireShape(hsms, zones);
    String id = newId();
    String clusterCertificate = null;
    String trustAnchor = trustAnchorPem;
    if (trustAnchor == null) {
      CertificateIssuer.Issued certificates = issuer.issue(id);
      trustAnchor = certificates.trustAnchorPem();
      clusterCertificate = certificates.clusterCertificatePem();
    } else if (!ClusterCertificates.isCertificate(trustAnchor)) {
      throw new ValidationException("The trust anchor is not a PEM X.509 certificate.");
    }
    Cluster cluster = new Cluster(id, ClusterState.ACTIVE, hsms, zones,
        new TokenLocation(library, tokenLabel, environment), trustAnchor, clusterCertificate, id,
        null, 0, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    store.write(r -> {
      r.insertCluster(cluster);
      return null;
    });
    log.info("Registered cluster {}: token {} of {}", id, tokenLabel, library);
    return cluster;
  }

  public List<Cluster> list() {
    return store.read(Repositories::listClusters);
  }

  public Cluster find(String clusterId) {
    return store.read(r -> r.findCluster(clusterId)).orElseThrow(() ->
        new NotFoundException("No cluster has the id " + clusterId + "."));
  }

  /** Changes what CloudHSM would report: state, HSM count, zones. Null keeps a value. */
  public Cluster setState(String clusterId, ClusterState state, Integer hsms, List<String> zones) {
    return store.write(r -> {
      Cluster current = r.findCluster(clusterId).orElseThrow(() ->
          new NotFoundException("No cluster has the id " + clusterId + "."));
      Cluster changed = current.withState(state == null ? current.state() : state,
          hsms == null ? current.hsmCount() : hsms,
          zones == null ? current.availabilityZones() : zones);
      requireShape(changed.hsmCount(), changed.availabilityZones());
      r.updateCluster(changed);
      return changed;
    });
  }

  /** Sets a new kmsuser password with the SO PIN and clears the failed-login count. */
  public Secret setKmsuserPassword(String clusterId, Secret newPassword) {
    Cluster cluster = find(clusterId);
    if (cluster.sealedSoPin() == null) {
      throw new ValidationException("OwnKMS does not hold the SO PIN of the registered cluster "
          + clusterId + "; change the kmsuser password with the token's own tools.");
    }
    Secret password = newPassword != null ? newPassword : randomPassword();
    try {
      backend.setKmsuserPassword(clusterId, cluster.location(),
          secrets.soPin(clusterId, cluster.sealedSoPin()), password);
    } catch (ClusterConnectException e) {
      throw new ValidationException("Cannot set the kmsuser password of " + clusterId + ": "
          + e.getMessage());
    }
    store.write(r -> {
      r.findCluster(clusterId).ifPresent(c -> r.updateCluster(c.withFailedLogins(0)));
      return null;
    });
    log.info("Set a new kmsuser password on cluster {}", clusterId);
    return password;
  }

  /** Removes a cluster; refused while a store is connected to it. */
  public void delete(String clusterId) {
    Cluster cluster = store.write(r -> {
      Cluster current = r.findCluster(clusterId).orElseThrow(() ->
          new NotFoundException("No cluster has the id " + clusterId + "."));
      r.findCustomKeyStoreOnClusters(List.of(clusterId))
          .filter(s -> s.connectionState() != ConnectionState.DISCONNECTED)
          .ifPresent(s -> {
            throw new ValidationException("Custom key store " + s.id() + " is "
                + s.connectionState() + " on cluster " + clusterId + "; disconnect it first.");
          });
      r.deleteCluster(clusterId);
      return current;
    });
    backend.destroy(clusterId, cluster.location());
    log.info("Deleted cluster {}", clusterId);
  }

  private static void requireShape(int hsms, List<String> zones) {
    if (hsms < 0 || hsms > 28) {
      throw new ValidationException("A cluster has 0 to 28 HSMs.");
    }
    if (zones.stream().anyMatch(z -> !z.matches("[a-z0-9-]{1,64}"))) {
      throw new ValidationException("Availability Zones are names like us-east-1a.");
    }
  }

  private String newId() {
    StringBuilder id = new StringBuilder("cluster-");
    for (int i = 0; i < 11; i++) {
      id.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    return id.toString();
  }

  private Secret randomPassword() {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      password.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
    }
    return Secret.of(password.toString());
  }
}
