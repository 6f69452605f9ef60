package dev.ownkms.domain.cloudhsm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A registered CloudHSM cluster: a PKCS#11 token plus what CloudHSM would know about it.
 *
 * @param hsmCount active HSMs; they spread over {@code availabilityZones} in turn
 * @param backupFamily the id of the cluster whose backups this one shares (itself if original):
 *     clusters of one family are "related" (kms-contract.md §1.6)
 * @param sealedSoPin the token's SO PIN sealed by the root key; null for registered clusters
 * @param failedLogins consecutive failed kmsuser logins, for the lockout SoftHSM does not do
 */
public record Cluster(
    String id,
    ClusterState state,
    int hsmCount,
    List<String> availabilityZones,
    TokenLocation location,
    String trustAnchorCertificate,
    String clusterCertificate,
    String backupFamily,
    byte[] sealedSoPin,
    int failedLogins,
    Instant creationDate) {

  public Cluster {
    Objects.requireNonNull(id);
    Objects.requireNonNull(state);
    availabilityZones = List.copyOf(availabilityZones);
    Objects.requireNonNull(location);
    Objects.requireNonNull(trustAnchorCertificate);
    Objects.requireNonNull(backupFamily);
    Objects.requireNonNull(creationDate);
  }

  /** At least two HSMs in two different zones: what key stores and new keys need. */
  public boolean hasTwoHsmsInTwoZones() {
    return hsmCount >= 2 && availabilityZones.stream().distinct().count() >= 2;
  }

  /** Subnets in two zones: what a connect needs before it tries the HSMs. */
  public boolean hasSubnetsInTwoZones() {
    return availabilityZones.stream().distinct().count() >= 2;
  }

  public boolean relatedTo(Cluster other) {
    return backupFamily.equals(other.backupFamily);
  }

  public Cluster withState(ClusterState newState, int newHsmCount, List<String> zones) {
    return new Cluster(id, newState, newHsmCount, zones, location, trustAnchorCertificate,
        clusterCertificate, backupFamily, sealedSoPin, failedLogins, creationDate);
  }

  public Cluster withFailedLogins(int count) {
    return new Cluster(id, state, hsmCount, availabilityZones, location, trustAnchorCertificate,
        clusterCertificate, backupFamily, sealedSoPin, count, creationDate);
  }
}
