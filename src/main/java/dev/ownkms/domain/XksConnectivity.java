package dev.ownkms.domain;

/** How KMS reaches an external key store's proxy (the model's {@code XksProxyConnectivityType}). */
public enum XksConnectivity {
  PUBLIC_ENDPOINT,
  VPC_ENDPOINT_SERVICE
}
