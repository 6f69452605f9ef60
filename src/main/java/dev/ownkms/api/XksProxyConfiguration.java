package dev.ownkms.api;

import dev.ownkms.domain.XksProxySettings;

/**
 * The model's {@code XksProxyConfigurationType} in DescribeCustomKeyStores: never the secret
 * access key; the VPC members only for VPC connectivity.
 */
public record XksProxyConfiguration(String connectivity, String accessKeyId, String uriEndpoint,
    String uriPath, String vpcEndpointServiceName, String vpcEndpointServiceOwner) {

  static XksProxyConfiguration of(XksProxySettings xks) {
    return new XksProxyConfiguration(xks.connectivity().name(), xks.accessKeyId(),
        xks.uriEndpoint(), xks.uriPath(), xks.vpcServiceName(), xks.vpcServiceOwner());
  }
}
