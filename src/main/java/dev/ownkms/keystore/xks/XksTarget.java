package dev.ownkms.keystore.xks;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where and how to call one store's proxy.
 *
 * <p>{@code secretAccessKey} is the raw secret (the UTF-8 bytes of the store's {@code
 * RawSecretAccessKey}); it is compared by value so a changed secret gives a new pooled client, and
 * {@link #toString()} never shows it. The record keeps the caller's array: callers must not
 * change it afterwards.
 *
 * @param uriEndpoint {@code https://host} or {@code https://host:port} (the port is a documented
 *     deviation for proxies under test)
 * @param uriPath e.g. {@code /kms/xks/v1} or {@code /prefix/kms/xks/v1}
 * @param region the region that signs (SigV4 scope), not the proxy's
 */
public record XksTarget(String storeId, String uriEndpoint, String uriPath, String accessKeyId,
    byte[] secretAccessKey, String region) {

  public XksTarget {
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(uriEndpoint, "uriEndpoint");
    Objects.requireNonNull(uriPath, "uriPath");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(region, "region");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof XksTarget that && storeId.equals(that.storeId)
        && uriEndpoint.equals(that.uriEndpoint) && uriPath.equals(that.uriPath)
        && accessKeyId.equals(that.accessKeyId)
        && Arrays.equals(secretAccessKey, that.secretAccessKey) && region.equals(that.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(storeId, uriEndpoint, uriPath, accessKeyId,
        Arrays.hashCode(secretAccessKey), region);
  }

  @Override
  public String toString() {
    return "XksTarget[storeId=" + storeId + ", uriEndpoint=" + uriEndpoint + ", uriPath="
        + uriPath + ", accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden), region="
        + region + "]";
  }
}
