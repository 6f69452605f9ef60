package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.ClusterService;
import dev.ownkms.domain.Secret;
import dev.ownkms.domain.cloudhsm.Cluster;
import dev.ownkms.domain.cloudhsm.ClusterState;
import dev.ownkms.error.KmsException.ValidationException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The admin API behind {@code ownkms cluster …} (DESIGN.md "Admin commands"). */
public final class ClusterAdminApi {

  private static final List<String> DEFAULT_ZONES = List.of("us-east-1a", "us-east-1b");

  private final ClusterService clusters;

  public ClusterAdminApi(ClusterService clusters) {
    this.clusters = clusters;
  }

  /** A cluster as the admin API shows it: never a PIN. */
  public record ClusterView(String clusterId, String state, int hsms,
      List<String> availabilityZones, String tokenLabel, String library,
      String trustAnchorCertificate, String clusterCertificate, String backupOf,
      int failedKmsuserLogins, BigDecimal creationDate) {

    static ClusterView of(Cluster c) {
      return new ClusterView(c.id(), c.state().name(), c.hsmCount(), c.availabilityZones(),
          c.location().tokenLabel(),
          c.location().library() == null ? null : c.location().library().toString(),
          c.trustAnchorCertificate(), c.clusterCertificate(),
          c.backupFamily().equals(c.id()) ? null : c.backupFamily(), c.failedLogins(),
          Timestamps.epochSeconds(c.creationDate()));
    }
  }

  /** What {@code cluster create --json} prints. */
  public record Created(String clusterId, String trustAnchorCertificate, String kmsuserPassword,
      ClusterView cluster) { }

  /** The clusters, for {@code cluster list}. */
  public record Listed(List<ClusterView> clusters) { }

  /** A new kmsuser password. */
  public record PasswordSet(String clusterId, String kmsuserPassword) { }

  public Created create(Caller admin, ClusterAdminRequests.Create request) {
    ClusterService.Created created = clusters.create(hsms(request.hsms()),
        zones(request.availabilityZones()), request.fromBackup());
    Cluster c = created.cluster();
    return new Created(c.id(), c.trustAnchorCertificate(),
        created.kmsuserPassword() == null ? null : created.kmsuserPassword().revealUtf8(),
        ClusterView.of(c));
  }

  public ClusterView register(Caller admin, ClusterAdminRequests.Register request) {
    return ClusterView.of(clusters.register(Path.of(request.library()), request.tokenLabel(),
        request.environment() == null ? Map.of() : request.environment(), hsms(request.hsms()),
        zones(request.availabilityZones()), request.trustAnchorCertificate()));
  }

  public Listed list(Caller admin, ClusterAdminRequests.None request) {
    return new Listed(clusters.list().stream().map(ClusterView::of).toList());
  }

  public ClusterView describe(Caller admin, ClusterAdminRequests.ClusterId request) {
    return ClusterView.of(clusters.find(request.clusterId()));
  }

  public ClusterView setState(Caller admin, ClusterAdminRequests.SetState request) {
    ClusterState state = null;
    if (request.state() != null) {
      state = Arrays.stream(ClusterState.values()).filter(s -> s.name().equals(request.state()))
          .findFirst().orElseThrow(() -> new ValidationException("State must be one of "
              + Arrays.toString(ClusterState.values()) + "."));
    }
    return ClusterView.of(clusters.setState(request.clusterId(), state, request.hsms(),
        request.availabilityZones()));
  }

  public PasswordSet setKmsuserPassword(Caller admin,
      ClusterAdminRequests.SetKmsuserPassword request) {
    Secret password = clusters.setKmsuserPassword(request.clusterId(),
        request.password() == null ? null : Secret.of(request.password()));
    return new PasswordSet(request.clusterId(), password.revealUtf8());
  }

  public NoOutput delete(Caller admin, ClusterAdminRequests.ClusterId request) {
    clusters.delete(request.clusterId());
    return NoOutput.INSTANCE;
  }

  private static int hsms(Integer hsms) {
    return hsms == null ? 2 : hsms;
  }

  private static List<String> zones(List<String> zones) {
    return zones == null ? DEFAULT_ZONES : zones;
  }

  /** Adds the admin operations to a table. */
  public OperationTable.Builder addTo(OperationTable.Builder table) {
    return table
        .admin("CreateCluster", ClusterAdminRequests.Create.class, this::create)
        .admin("RegisterCluster", ClusterAdminRequests.Register.class, this::register)
        .admin("ListClusters", ClusterAdminRequests.None.class, this::list)
        .admin("DescribeCluster", ClusterAdminRequests.ClusterId.class, this::describe)
        .admin("SetClusterState", ClusterAdminRequests.SetState.class, this::setState)
        .admin("SetKmsuserPassword", ClusterAdminRequests.SetKmsuserPassword.class,
            this::setKmsuserPassword)
        .admin("DeleteCluster", ClusterAdminRequests.ClusterId.class, this::delete);
  }
}
