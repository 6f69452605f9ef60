package dev.ownkms.api;

import java.util.List;

/** The model's {@code CreateCustomKeyStoreRequest} (kms-contract.md §2.1). */
public record CreateCustomKeyStoreRequest(
    String customKeyStoreName,
    String cloudHsmClusterId,
    String trustAnchorCertificate,
    String keyStorePassword,
    String customKeyStoreType,
    String xksProxyUriEndpoint,
    String xksProxyUriPath,
    String xksProxyVpcEndpointServiceName,
    String xksProxyVpcEndpointServiceOwner,
    XksCredential xksProxyAuthenticationCredential,
    String xksProxyConnectivity) implements KmsRequest {

  static final WireEnum TYPE = WireEnum.of(List.of("AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"));

  @Override
  public void validate(Violations v) {
    if (v.required("customKeyStoreName", customKeyStoreName)) {
      StoreMembers.name(v, "customKeyStoreName", customKeyStoreName);
    }
    StoreMembers.cloudHsm(v, cloudHsmClusterId, keyStorePassword);
    v.length("trustAnchorCertificate", trustAnchorCertificate, 1, 5000);
    v.oneOf("customKeyStoreType", customKeyStoreType, TYPE);
    StoreMembers.xks(v, xksProxyUriEndpoint, xksProxyUriPath, xksProxyVpcEndpointServiceName,
        xksProxyVpcEndpointServiceOwner, xksProxyAuthenticationCredential, xksProxyConnectivity);
  }

  @Override
  public String toString() {
    return "CreateCustomKeyStoreRequest[" + customKeyStoreName + "]";
  }
}
