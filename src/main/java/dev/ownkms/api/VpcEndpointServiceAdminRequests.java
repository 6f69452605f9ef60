package dev.ownkms.api;

/** The admin API's requests for {@code ownkms vpce …}; members are checked by the service. */
public final class VpcEndpointServiceAdminRequests {

  private VpcEndpointServiceAdminRequests() { }

  /** Registers a VPC endpoint service; null members take the defaults of {@code vpce create}. */
  public record Create(String serviceName, String owner, String privateDnsName,
      Integer availabilityZones, Boolean acceptanceRequired, Boolean privateDnsVerified)
      implements KmsRequest {
    @Override
    public void validate(Violations v) {
      v.required("serviceName", serviceName);
      v.required("privateDnsName", privateDnsName);
    }
  }

  /** Names one service. */
  public record ServiceName(String serviceName) implements KmsRequest {
    @Override
    public void validate(Violations v) {
      v.required("serviceName", serviceName);
    }
  }

  /** No members. */
  public record None() implements KmsRequest {
    @Override
    public void validate(Violations v) { }
  }
}
