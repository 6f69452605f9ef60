package dev.ownkms.domain;

import dev.ownkms.error.KmsException.XksProxyUriEndpointInUseException;
import dev.ownkms.error.KmsException.XksProxyUriInUseException;
import dev.ownkms.error.KmsException.XksProxyVpcEndpointServiceInUseException;
import dev.ownkms.error.KmsException.XksProxyVpcEndpointServiceInvalidConfigurationException;
import dev.ownkms.error.KmsException.XksProxyVpcEndpointServiceNotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * The rules an external key store's settings must meet against the other stores and the
 * registered VPC endpoint services (kms-contract.md §1.6, §2.1): checked at Create and Update
 * before the proxy is asked, and again inside the transaction that saves them.
 */
final class ExternalStoreRules {

  private ExternalStoreRules() {}

  /** Endpoint + path per account; endpoints of VPC stores per Region; one store per service. */
  static void requireUnique(Repositories r, CustomKeyStore candidate) {
    XksProxySettings mine = candidate.xks();
    List<CustomKeyStore> others = r.externalCustomKeyStores(candidate.owner().region()).stream()
        .filter(s -> !s.id().equals(candidate.id())).toList();
    for (CustomKeyStore other : others) {
      XksProxySettings theirs = other.xks();
      boolean sameAccount = other.owner().accountId().equals(candidate.owner().accountId());
      boolean sameEndpoint = theirs.uriEndpoint().equalsIgnoreCase(mine.uriEndpoint());
      if (sameAccount && sameEndpoint && theirs.uriPath().equals(mine.uriPath())) {
        throw new XksProxyUriInUseException("The combination of XksProxyUriEndpoint "
            + mine.uriEndpoint() + " and XksProxyUriPath " + mine.uriPath() + " is already"
            + " used by custom key store " + other.id() + ".");
      }
    }
    for (CustomKeyStore other : others) {
      XksProxySettings theirs = other.xks();
      boolean sameAccount = other.owner().accountId().equals(candidate.owner().accountId());
      boolean sameEndpoint = theirs.uriEndpoint().equalsIgnoreCase(mine.uriEndpoint());
      // A public store and a VPC store never share an endpoint in the Region; two VPC stores
      // of one account each need their own private DNS name.
      boolean clash = theirs.viaVpc() != mine.viaVpc() || (mine.viaVpc() && sameAccount);
      if (sameEndpoint && clash) {
        throw new XksProxyUriEndpointInUseException("The XksProxyUriEndpoint "
            + mine.uriEndpoint() + " is already used by custom key store " + other.id()
            + "; a store with VPC_ENDPOINT_SERVICE connectivity needs an endpoint of its own.");
      }
      if (mine.viaVpc() && mine.vpcServiceName().equals(theirs.vpcServiceName())) {
        throw new XksProxyVpcEndpointServiceInUseException("The VPC endpoint service "
            + mine.vpcServiceName() + " is already used by custom key store " + other.id() + ".");
      }
    }
  }

  /** What is wrong with a VPC store's endpoint service, if anything; empty for public stores. */
  static Optional<VpcFault> vpcFault(Repositories r, CustomKeyStore candidate) {
    XksProxySettings xks = candidate.xks();
    if (!xks.viaVpc()) {
      return Optional.empty();
    }
    Optional<VpcEndpointService> found = r.findVpcEndpointService(xks.vpcServiceName())
        .filter(s -> s.region().equals(candidate.owner().region()))
        .filter(s -> s.ownerAccountId().equals(xks.vpcServiceOwner()));
    if (found.isEmpty()) {
      return Optional.of(new VpcFault(false, "No VPC endpoint service named "
          + xks.vpcServiceName() + " owned by " + xks.vpcServiceOwner() + " exists in "
          + candidate.owner().region() + " (register it with 'ownkms vpce create')."));
    }
    VpcEndpointService service = found.get();
    if (!service.servesHost(xks.endpointHost())) {
      return Optional.of(new VpcFault(true, "The private DNS name of VPC endpoint service "
          + service.serviceName() + " is " + service.privateDnsName() + ", not the host of"
          + " XksProxyUriEndpoint " + xks.uriEndpoint() + "."));
    }
    List<String> broken = service.requirementsBroken();
    if (!broken.isEmpty()) {
      return Optional.of(new VpcFault(true, "The VPC endpoint service " + service.serviceName()
          + " does not meet the requirements of an external key store: "
          + String.join("; ", broken) + "."));
    }
    return Optional.empty();
  }

  static void requireUsableVpcService(Repositories r, CustomKeyStore candidate) {
    vpcFault(r, candidate).ifPresent(fault -> {
      throw fault.invalidConfiguration()
          ? new XksProxyVpcEndpointServiceInvalidConfigurationException(fault.message())
          : new XksProxyVpcEndpointServiceNotFoundException(fault.message());
    });
  }

  /** A VPC endpoint service that is missing, or breaks a requirement. */
  record VpcFault(boolean invalidConfiguration, String message) {

    ConnectionErrorCode connectionError() {
      return invalidConfiguration
          ? ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION
          : ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND;
    }
  }
}
