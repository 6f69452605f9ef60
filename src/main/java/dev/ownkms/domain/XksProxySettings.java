package dev.ownkms.domain;

import java.net.URI;
import java.util.Objects;

/**
 * Where an external key store's proxy is and how KMS signs its calls (kms-contract.md §2.1).
 *
 * @param sealedSecret the proxy's secret access key, sealed by the root key; never returned
 * @param vpcServiceName set only with {@link XksConnectivity#VPC_ENDPOINT_SERVICE}
 * @param vpcServiceOwner the endpoint service's account, with the VPC service name alone
 */
public record XksProxySettings(
    XksConnectivity connectivity,
    String uriEndpoint,
    String uriPath,
    String accessKeyId,
    byte[] sealedSecret,
    String vpcServiceName,
    String vpcServiceOwner) {

  public XksProxySettings {
    Objects.requireNonNull(connectivity);
    Objects.requireNonNull(uriEndpoint);
    Objects.requireNonNull(uriPath);
    Objects.requireNonNull(accessKeyId);
    Objects.requireNonNull(sealedSecret);
    if ((connectivity == XksConnectivity.VPC_ENDPOINT_SERVICE) != (vpcServiceName != null)) {
      throw new IllegalArgumentException("a VPC endpoint service goes with VPC connectivity alone");
    }
  }

  public boolean viaVpc() {
    return connectivity == XksConnectivity.VPC_ENDPOINT_SERVICE;
  }

  /** The endpoint's host without a port: what a VPC endpoint service's private DNS name names. */
  public String endpointHost() {
    return URI.create(uriEndpoint).getHost();
  }

  public XksProxySettings withCredential(String newAccessKeyId, byte[] newSealedSecret) {
    return new XksProxySettings(connectivity, uriEndpoint, uriPath, newAccessKeyId,
        newSealedSecret, vpcServiceName, vpcServiceOwner);
  }

  public XksProxySettings withUriPath(String newUriPath) {
    return new XksProxySettings(connectivity, uriEndpoint, newUriPath, accessKeyId, sealedSecret,
        vpcServiceName, vpcServiceOwner);
  }

  /** A new endpoint, connectivity and VPC service together: they are checked as one. */
  public XksProxySettings withEndpoint(XksConnectivity newConnectivity, String newUriEndpoint,
      String newVpcServiceName, String newVpcServiceOwner) {
    return new XksProxySettings(newConnectivity, newUriEndpoint, uriPath, accessKeyId,
        sealedSecret, newVpcServiceName, newVpcServiceOwner);
  }

  @Override
  public String toString() {
    return "XksProxySettings[" + connectivity + " " + uriEndpoint + uriPath + "]";
  }
}
