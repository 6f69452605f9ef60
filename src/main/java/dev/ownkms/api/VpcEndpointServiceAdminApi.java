package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.VpcEndpointService;
import dev.ownkms.domain.VpcEndpointServices;
import java.math.BigDecimal;
import java.util.List;

/** The admin API behind {@code ownkms vpce …} (DESIGN.md "Admin commands"). */
public final class VpcEndpointServiceAdminApi {

  /** The account of permissive mode's default credentials. */
  static final String DEFAULT_OWNER = "111122223333";

  private final VpcEndpointServices services;

  public VpcEndpointServiceAdminApi(VpcEndpointServices services) {
    this.services = services;
  }

  /**
   * A service as the admin API shows it, with the reasons KMS could not use it (empty when it
   * could).
   */
  public record ServiceView(String serviceName, String owner, String region,
      String privateDnsName, boolean privateDnsVerified, boolean acceptanceRequired,
      int availabilityZones, List<String> requirementsBroken, BigDecimal creationDate) {

    static ServiceView of(VpcEndpointService s) {
      return new ServiceView(s.serviceName(), s.ownerAccountId(), s.region(), s.privateDnsName(),
          s.privateDnsVerified(), s.acceptanceRequired(), s.availabilityZones(),
          s.requirementsBroken(), Timestamps.epochSeconds(s.creationDate()));
    }
  }

  /** The services, for {@code vpce list}. */
  public record Listed(List<ServiceView> vpcEndpointServices) { }

  public ServiceView create(Caller admin, VpcEndpointServiceAdminRequests.Create request) {
    return ServiceView.of(services.create(new VpcEndpointServices.Spec(request.serviceName(),
        request.owner() == null ? DEFAULT_OWNER : request.owner(), request.privateDnsName(),
        request.availabilityZones() == null ? VpcEndpointService.MIN_AVAILABILITY_ZONES
            : request.availabilityZones(),
        Boolean.TRUE.equals(request.acceptanceRequired()),
        !Boolean.FALSE.equals(request.privateDnsVerified()))));
  }

  public Listed list(Caller admin, VpcEndpointServiceAdminRequests.None request) {
    return new Listed(services.list().stream().map(ServiceView::of).toList());
  }

  public ServiceView describe(Caller admin, VpcEndpointServiceAdminRequests.ServiceName request) {
    return ServiceView.of(services.find(request.serviceName()));
  }

  public NoOutput delete(Caller admin, VpcEndpointServiceAdminRequests.ServiceName request) {
    services.delete(request.serviceName());
    return NoOutput.INSTANCE;
  }

  /** Adds the admin operations to a table. */
  public OperationTable.Builder addTo(OperationTable.Builder table) {
    return table
        .admin("CreateVpcEndpointService", VpcEndpointServiceAdminRequests.Create.class,
            this::create)
        .admin("ListVpcEndpointServices", VpcEndpointServiceAdminRequests.None.class, this::list)
        .admin("DescribeVpcEndpointService", VpcEndpointServiceAdminRequests.ServiceName.class,
            this::describe)
        .admin("DeleteVpcEndpointService", VpcEndpointServiceAdminRequests.ServiceName.class,
            this::delete);
  }
}
