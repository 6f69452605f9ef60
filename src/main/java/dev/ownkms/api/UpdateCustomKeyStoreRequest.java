package dev.ownkms.api;

/** The model's {@code UpdateCustomKeyStoreRequest} (kms-contract.md §2.3). */
public record UpdateCustomKeyStoreRequest(
    String customKeyStoreId,
    String newCustomKeyStoreName,
    String keyStorePassword,
    String cloudHsmClusterId,
    String xksProxyUriEndpoint,
    String xksProxyUriPath,
    String xksProxyVpcEndpointServiceName,
    String xksProxyVpcEndpointServiceOwner,
    XksCredential xksProxyAuthenticationCredential,
    String xksProxyConnectivity) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    if (v.required("customKeyStoreId", customKeyStoreId)) {
      StoreMembers.customKeyStoreId(v, customKeyStoreId);
    }
    StoreMembers.name(v, "newCustomKeyStoreName", newCustomKeyStoreName);
    StoreMembers.cloudHsm(v, cloudHsmClusterId, keyStorePassword);
    StoreMembers.xks(v, xksProxyUriEndpoint, xksProxyUriPath, xksProxyVpcEndpointServiceName,
        xksProxyVpcEndpointServiceOwner, xksProxyAuthenticationCredential, xksProxyConnectivity);
  }

  @Override
  public String toString() {
    return "UpdateCustomKeyStoreRequest[" + customKeyStoreId + "]";
  }
}
