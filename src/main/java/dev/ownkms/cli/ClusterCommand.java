package dev.ownkms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ownkms.AdminClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ownkms cluster …}: the CloudHSM clusters (PKCS#11 tokens) of a data directory. Each
 * subcommand goes through the running server's admin API, or opens the directory itself when
 * no server runs on it.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Manages the CloudHSM clusters (PKCS#11 tokens) that AWS_CLOUDHSM custom key"
        + " stores use.",
    subcommands = {
        ClusterCommand.Create.class, ClusterCommand.Register.class, ClusterCommand.ListClusters.class,
        ClusterCommand.Describe.class, ClusterCommand.SetState.class,
        ClusterCommand.SetKmsuserPassword.class, ClusterCommand.Delete.class})
public final class ClusterCommand {

  private static final String NAME = "ownkms cluster";

  /** How many HSMs a new cluster has, and in which zones. */
  static final class Topology {
    @Option(names = "--hsms", defaultValue = "2", paramLabel = "N",
        description = "Active HSMs (default: 2).")
    int hsms;

    @Option(names = "--azs", defaultValue = "us-east-1a,us-east-1b", paramLabel = "ZONES",
        description = "Comma-separated Availability Zones (default: ${DEFAULT-VALUE}).")
    String azs;

    void addTo(Map<String, Object> request) {
      request.put("Hsms", hsms);
      request.put("AvailabilityZones", zones(azs));
    }
  }

  static List<String> zones(String azs) {
    return azs == null ? null : Arrays.stream(azs.split(",")).map(String::trim).toList();
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates a cluster: a SoftHSM token in the data directory, its trust anchor"
          + " (customerCA.crt), a cluster certificate and the kmsuser crypto user; or, with"
          + " --from-backup, a copy of another cluster (same certificates, users and keys).")
  static final class Create implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Mixin Topology topology;

    @Option(names = "--from-backup", paramLabel = "CLUSTER_ID",
        description = "Restore from this cluster's backup: the new cluster is related to it.")
    String fromBackup;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> request = new LinkedHashMap<>();
      topology.addTo(request);
      request.put("FromBackup", fromBackup);
      if (common.json) {
        return common.run(NAME, "CreateCluster", request, AdminOptions::pretty);
      }
      try {
        JsonNode answer = common.call("CreateCluster", request);
        String id = answer.path("ClusterId").asText();
        Path ca = Path.of(id + "-customerCA.crt");
        Files.writeString(ca, answer.path("TrustAnchorCertificate").asText());
        System.out.println("Created cluster " + id + " (ACTIVE, " + topology.hsms + " HSMs in "
            + topology.azs + ")");
        System.out.println("  trust anchor:     " + ca.toAbsolutePath()
            + " (pass its content as TrustAnchorCertificate)");
        if (!answer.path("KmsuserPassword").isNull()) {
          System.out.println("  kmsuser password: " + answer.path("KmsuserPassword").asText()
              + " (pass it as KeyStorePassword; it is not shown again)");
        }
        return 0;
      } catch (AdminClient.AdminException e) {
        System.err.println(NAME + ": " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Registers any vendor's PKCS#11 token as a cluster. OwnKMS never changes"
          + " or wipes a registered token.")
  static final class Register implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Option(names = "--library", required = true, paramLabel = "SO",
        description = "The vendor's PKCS#11 library (.so).")
    Path library;

    @Option(names = "--token-label", required = true, paramLabel = "LABEL",
        description = "The token's label.")
    String tokenLabel;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
        description = "An environment variable the library reads when it starts, e.g."
            + " SOFTHSM2_CONF=/path/softhsm2.conf (repeatable).")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--trust-anchor", paramLabel = "PEM_FILE",
        description = "The cluster's customerCA.crt; OwnKMS issues one when omitted.")
    Path trustAnchor;

    @Mixin Topology topology;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("Library", library.toAbsolutePath().toString());
      request.put("TokenLabel", tokenLabel);
      request.put("Environment", environment);
      topology.addTo(request);
      request.put("TrustAnchorCertificate",
          trustAnchor == null ? null : Files.readString(trustAnchor));
      return common.run(NAME, "RegisterCluster", request,
          answer -> "Registered cluster " + answer.path("ClusterId").asText());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the clusters.")
  static final class ListClusters implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Override
    public Integer call() throws Exception {
      return common.run(NAME, "ListClusters", Map.of(), AdminOptions::pretty);
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true, description = "Shows a cluster.")
  static final class Describe implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Parameters(paramLabel = "CLUSTER_ID")
    String clusterId;

    @Override
    public Integer call() throws Exception {
      return common.run(NAME, "DescribeCluster", Map.of("ClusterId", clusterId),
          AdminOptions::pretty);
    }
  }

  @Command(name = "set-state", mixinStandardHelpOptions = true,
      description = "Changes what CloudHSM would report about a cluster, to test how key stores"
          + " react: its state, HSM count or zones.")
  static final class SetState implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Parameters(paramLabel = "CLUSTER_ID")
    String clusterId;

    @Option(names = "--state", paramLabel = "STATE",
        description = "ACTIVE, DEGRADED, UNINITIALIZED, INITIALIZED, UPDATE_IN_PROGRESS, ...")
    String state;

    @Option(names = "--hsms", paramLabel = "N", description = "Active HSMs.")
    Integer hsms;

    @Option(names = "--azs", paramLabel = "ZONES", description = "Comma-separated zones.")
    String azs;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("ClusterId", clusterId);
      request.put("State", state);
      request.put("Hsms", hsms);
      request.put("AvailabilityZones", zones(azs));
      return common.run(NAME, "SetClusterState", request, AdminOptions::pretty);
    }
  }

  @Command(name = "set-kmsuser-password", mixinStandardHelpOptions = true,
      description = "Sets the kmsuser password in the token (a random one unless --password is"
          + " given) and clears its failed-login count; then tell the key store with"
          + " UpdateCustomKeyStore --key-store-password.")
  static final class SetKmsuserPassword implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Parameters(paramLabel = "CLUSTER_ID")
    String clusterId;

    @Option(names = "--password", paramLabel = "PASSWORD",
        description = "The new password, 7 to 32 characters.")
    String password;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("ClusterId", clusterId);
      request.put("Password", password);
      return common.run(NAME, "SetKmsuserPassword", request, AdminOptions::pretty);
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Deletes a cluster and wipes its token (registered tokens are left alone).")
  static final class Delete implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Parameters(paramLabel = "CLUSTER_ID")
    String clusterId;

    @Override
    public Integer call() throws Exception {
      return common.run(NAME, "DeleteCluster", Map.of("ClusterId", clusterId),
          answer -> "Deleted cluster " + answer.path("ClusterId").asText());
    }
  }
}
