package dev.ownkms.api;

/** The model's {@code DescribeCustomKeyStoresRequest} (kms-contract.md §2.2). */
public record DescribeCustomKeyStoresRequest(String customKeyStoreId, String customKeyStoreName,
    Integer limit, String marker) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    StoreMembers.customKeyStoreId(v, customKeyStoreId);
    StoreMembers.name(v, "customKeyStoreName", customKeyStoreName);
    Members.limitAndMarker(v, limit, marker);
  }
}
