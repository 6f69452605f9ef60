package dev.ownkms.domain;

import dev.ownkms.error.KmsException.AlreadyExistsException;
import dev.ownkms.error.KmsException.NotFoundException;
import dev.ownkms.error.KmsException.ValidationException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VPC endpoint services of this server: what {@code ownkms vpce …} does, through the admin
 * API of a running server or directly on a stopped server's data directory. External key stores
 * are checked against them when they connect; deleting a service a store names is allowed, as on
 * AWS, and the store then fails with XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND.
 */
public final class VpcEndpointServices {

  private static final Logger log = LoggerFactory.getLogger(VpcEndpointServices.class);
  /** XksProxyVpcEndpointServiceNameType (kms-contract.md); group 2 is the Region. */
  private static final Pattern SERVICE_NAME =
      Pattern.compile("^(com|eu)\\.amazonaws\\.vpce\\.((?:[a-z]+-){2,3}\\d+)\\.vpce-svc-[0-9a-z]+$");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
  private static final Pattern DNS_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  /** Enough for any AWS Region. */
  private static final int MAX_AVAILABILITY_ZONES = 32;

  private final KmsStore store;
  private final Clock clock;

  public VpcEndpointServices(KmsStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What a new service is like; {@link #create} checks every member. */
  public record Spec(String serviceName, String ownerAccountId, String privateDnsName,
      int availabilityZones, boolean acceptanceRequired, boolean privateDnsVerified) { }

  /** Registers a service; its Region is the one in its name. */
  public VpcEndpointService create(Spec spec) {
    String region = regionOf(spec.serviceName());
    requireAccountId(spec.ownerAccountId());
    requireHostName(spec.privateDnsName());
    if (spec.availabilityZones() < 0 || spec.availabilityZones() > MAX_AVAILABILITY_ZONES) {
      throw new ValidationException("A VPC endpoint service spans 0 to " + MAX_AVAILABILITY_ZONES
          + " Availability Zones.");
    }
    VpcEndpointService service = new VpcEndpointService(spec.serviceName(),
        spec.ownerAccountId(), region, spec.privateDnsName(), spec.privateDnsVerified(),
        spec.acceptanceRequired(), spec.availabilityZones(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
    store.write(r -> {
      if (r.findVpcEndpointService(service.serviceName()).isPresent()) {
        throw new AlreadyExistsException("A VPC endpoint service named "
            + service.serviceName() + " already exists.");
      }
      r.insertVpcEndpointService(service);
      return null;
    });
    log.info("Registered VPC endpoint service {} (owner {}, private DNS name {})",
        service.serviceName(), service.ownerAccountId(), service.privateDnsName());
    return service;
  }

  public List<VpcEndpointService> list() {
    return store.read(Repositories::listVpcEndpointServices);
  }

  public VpcEndpointService find(String serviceName) {
    return store.read(r -> r.findVpcEndpointService(serviceName)).orElseThrow(() ->
        notFound(serviceName));
  }

  /** Removes a service, even one a store names (that store then cannot connect). */
  public void delete(String serviceName) {
    store.write(r -> {
      r.findVpcEndpointService(serviceName).orElseThrow(() -> notFound(serviceName));
      r.deleteVpcEndpointService(serviceName);
      return null;
    });
    log.info("Deleted VPC endpoint service {}", serviceName);
  }

  /** The Region in a valid service name, e.g. us-east-1; a ValidationException otherwise. */
  public static String regionOf(String serviceName) {
    Matcher name = SERVICE_NAME.matcher(serviceName == null ? "" : serviceName);
    if (serviceName == null || serviceName.length() < 20 || serviceName.length() > 64
        || !name.matches()) {
      throw new ValidationException("A VPC endpoint service name is 20 to 64 characters like"
          + " com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0; got '" + serviceName
          + "'.");
    }
    return name.group(2);
  }

  private static void requireAccountId(String accountId) {
    if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
      throw new ValidationException("The owner is a 12-digit AWS account ID; got '" + accountId
          + "'.");
    }
  }

  /** A DNS host name: 1 to 253 characters, dot-separated labels of letters, digits and hyphens. */
  private static void requireHostName(String host) {
    boolean valid = host != null && !host.isEmpty() && host.length() <= 253
        && !host.startsWith(".") && !host.endsWith(".");
    if (valid) {
      for (String label : host.split("\\.", -1)) {
        valid &= DNS_LABEL.matcher(label).matches();
      }
    }
    if (!valid) {
      throw new ValidationException("The private DNS name is a host name like xks.example.com"
          + " (1 to 253 characters: letters, digits, hyphens and dots); got '" + host + "'.");
    }
  }

  private static NotFoundException notFound(String serviceName) {
    return new NotFoundException("No VPC endpoint service is named " + serviceName + ".");
  }
}
