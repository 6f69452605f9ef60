package dev.ownkms.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An Amazon VPC endpoint service as {@code ownkms vpce create} registered it: what AWS would know
 * about the service an external key store with {@code VPC_ENDPOINT_SERVICE} connectivity names.
 *
 * @param serviceName e.g. {@code com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0}
 * @param ownerAccountId the account that owns the service ({@code XksProxyVpcEndpointServiceOwner})
 * @param region the Region in the service name; a store in another Region cannot find it
 * @param privateDnsName the host the store's {@code XksProxyUriEndpoint} must name
 * @param availabilityZones how many zones the service's load balancer spans
 */
public record VpcEndpointService(
    String serviceName,
    String ownerAccountId,
    String region,
    String privateDnsName,
    boolean privateDnsVerified,
    boolean acceptanceRequired,
    int availabilityZones,
    Instant creationDate) {

  /** KMS needs the service's load balancer in at least this many Availability Zones. */
  public static final int MIN_AVAILABILITY_ZONES = 2;

  public VpcEndpointService {
    Objects.requireNonNull(serviceName);
    Objects.requireNonNull(ownerAccountId);
    Objects.requireNonNull(region);
    Objects.requireNonNull(privateDnsName);
    Objects.requireNonNull(creationDate);
  }

  /**
   * Why KMS could not use this service (XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION in
   * kms-enums.md), one sentence each; empty when it meets the requirements OwnKMS models.
   */
  public List<String> requirementsBroken() {
    List<String> broken = new ArrayList<>();
    if (!privateDnsVerified) {
      broken.add("The private DNS name " + privateDnsName + " is not verified.");
    }
    if (acceptanceRequired) {
      broken.add("The service requires acceptance of endpoint connections.");
    }
    if (availabilityZones < MIN_AVAILABILITY_ZONES) {
      broken.add("The service spans " + availabilityZones + " Availability Zone"
          + (availabilityZones == 1 ? "" : "s") + "; KMS needs at least "
          + MIN_AVAILABILITY_ZONES + ".");
    }
    return List.copyOf(broken);
  }

  /** Whether {@code host} (from {@code https://host}) is this service's private DNS name. */
  public boolean servesHost(String host) {
    return privateDnsName.equalsIgnoreCase(host);
  }
}
