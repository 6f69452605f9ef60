package dev.ownkms.api;

import java.math.BigDecimal;
import java.util.List;

/** The model's {@code DescribeCustomKeyStoresResponse}. */
public record DescribeCustomKeyStoresResponse(List<Entry> customKeyStores, String nextMarker,
    Boolean truncated) {

  /** The model's {@code CustomKeyStoresListEntry}: never a password or secret key. */
  public record Entry(String customKeyStoreId, String customKeyStoreName,
      String cloudHsmClusterId, String trustAnchorCertificate, String connectionState,
      String connectionErrorCode, BigDecimal creationDate, String customKeyStoreType,
      XksProxyConfiguration xksProxyConfiguration) { }
}
