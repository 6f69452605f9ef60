package dev.ownkms.api;

/** Connect-, Disconnect- and DeleteCustomKeyStore's request: the store id alone. */
public record CustomKeyStoreIdRequest(String customKeyStoreId) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    if (v.required("customKeyStoreId", customKeyStoreId)) {
      StoreMembers.customKeyStoreId(v, customKeyStoreId);
    }
  }
}
