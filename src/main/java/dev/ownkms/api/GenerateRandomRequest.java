package dev.ownkms.api;

/** The model's {@code GenerateRandomRequest} (kms-contract.md §2.19). */
public record GenerateRandomRequest(Integer numberOfBytes, String customKeyStoreId,
    Object recipient) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    v.range("numberOfBytes", numberOfBytes, 1, 1024);
    v.length("customKeyStoreId", customKeyStoreId, 1, 64);
  }
}
