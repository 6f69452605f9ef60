package dev.ownkms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ownkms vpce …}: the Amazon VPC endpoint services that external key stores with
 * VPC_ENDPOINT_SERVICE connectivity name. Like {@code ownkms cluster}, each subcommand goes
 * through the running server's admin API, or opens the data directory itself when no server runs.
 */
@Command(
    name = "vpce",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
        "Manages the VPC endpoint services that external key stores with"
            + " XksProxyConnectivity=VPC_ENDPOINT_SERVICE name in"
            + " XksProxyVpcEndpointServiceName. A store whose service is missing fails with"
            + " XksProxyVpcEndpointServiceNotFoundException; one whose service breaks KMS's"
            + " requirements (verified private DNS name, no acceptance, 2+ Availability Zones)"
            + " with XksProxyVpcEndpointServiceInvalidConfigurationException.",
        "",
        "Example:",
        "  ownkms vpce create \\",
        "      --name com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 \\",
        "      --private-dns-name xks.example.com"},
    subcommands = {
        VpceCommand.Create.class, VpceCommand.ListServices.class, VpceCommand.Describe.class,
        VpceCommand.Delete.class})
public final class VpceCommand {

  private static final String NAME = "ownkms vpce";

  /** One line per service, then the requirements it breaks. */
  static String summary(JsonNode service) {
    StringBuilder out = new StringBuilder(service.path("ServiceName").asText())
        .append("  owner ").append(service.path("Owner").asText())
        .append(", ").append(service.path("Region").asText())
        .append(", private DNS name ").append(service.path("PrivateDnsName").asText())
        .append(service.path("PrivateDnsVerified").asBoolean() ? " (verified)" : " (unverified)")
        .append(", ").append(service.path("AvailabilityZones").asInt()).append(" AZs")
        .append(service.path("AcceptanceRequired").asBoolean() ? ", acceptance required" : "");
    for (JsonNode reason : service.path("RequirementsBroken")) {
      out.append("\n    breaks a KMS requirement: ").append(reason.asText());
    }
    return out.toString();
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {
          "Registers a VPC endpoint service. Its Region is the one in its name. By default it"
              + " meets KMS's requirements; --unverified-dns, --acceptance-required or"
              + " --availability-zones 1 make one that stores fail to connect to"
              + " (XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION).",
          "",
          "Example:",
          "  ownkms vpce create \\",
          "      --name com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 \\",
          "      --private-dns-name xks.example.com"})
  static final class Create implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Option(names = "--name", required = true, paramLabel = "SERVICE_NAME",
        description = "The service name, e.g. com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
            + " (what XksProxyVpcEndpointServiceName names).")
    String name;

    @Option(names = "--private-dns-name", required = true, paramLabel = "HOST",
        description = "The service's private DNS name, e.g. xks.example.com; a store's"
            + " XksProxyUriEndpoint is https://HOST.")
    String privateDnsName;

    @Option(names = "--owner", defaultValue = "111122223333", paramLabel = "ACCOUNT_ID",
        description = "The 12-digit account that owns the service (XksProxyVpcEndpointServiceOwner;"
            + " default: ${DEFAULT-VALUE}, the account of permissive mode).")
    String owner;

    @Option(names = "--availability-zones", defaultValue = "2", paramLabel = "N",
        description = "Availability Zones the service's load balancer spans (default:"
            + " ${DEFAULT-VALUE}; KMS needs 2 or more).")
    int availabilityZones;

    @Option(names = "--acceptance-required",
        description = "The service requires acceptance of endpoint connections (KMS refuses it).")
    boolean acceptanceRequired;

    @Option(names = "--unverified-dns",
        description = "The private DNS name is not verified (KMS refuses it).")
    boolean unverifiedDns;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("ServiceName", name);
      request.put("Owner", owner);
      request.put("PrivateDnsName", privateDnsName);
      request.put("AvailabilityZones", availabilityZones);
      request.put("AcceptanceRequired", acceptanceRequired);
      request.put("PrivateDnsVerified", !unverifiedDns);
      return common.run(NAME, "CreateVpcEndpointService", request,
          answer -> "Created VPC endpoint service " + summary(answer));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the VPC endpoint services, each with the KMS requirements it breaks.")
  static final class ListServices implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Override
    public Integer call() throws Exception {
      return common.run(NAME, "ListVpcEndpointServices", Map.of(), answer -> {
        StringBuilder out = new StringBuilder();
        for (JsonNode service : answer.path("VpcEndpointServices")) {
          out.append(out.isEmpty() ? "" : "\n").append(summary(service));
        }
        return out.isEmpty() ? "No VPC endpoint services." : out.toString();
      });
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true,
      description = "Shows a VPC endpoint service and the KMS requirements it breaks.")
  static final class Describe implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Parameters(paramLabel = "SERVICE_NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      return common.run(NAME, "DescribeVpcEndpointService", Map.of("ServiceName", name),
          answer -> summary(answer) + "\n  created "
              + Instant.ofEpochMilli(answer.path("CreationDate").decimalValue()
                  .movePointRight(3).longValue()));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Deletes a VPC endpoint service, even one a key store names: as on AWS,"
          + " that store then fails to connect with XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND.")
  static final class Delete implements Callable<Integer> {
    @Mixin AdminOptions common;

    @Parameters(paramLabel = "SERVICE_NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      return common.run(NAME, "DeleteVpcEndpointService", Map.of("ServiceName", name),
          answer -> "Deleted VPC endpoint service " + name);
    }
  }
}
