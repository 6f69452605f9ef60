package dev.ownkms.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ownkms.domain.KmsKey;
import java.math.BigDecimal;
import java.util.List;

/** The model's {@code KeyMetadata}; absent members follow the presence rules of kms-contract.md §2.0. */
public record KeyMetadata(
    @JsonProperty("AWSAccountId") String awsAccountId,
    String keyId,
    String arn,
    BigDecimal creationDate,
    Boolean enabled,
    String description,
    String keyUsage,
    String keyState,
    BigDecimal deletionDate,
    String origin,
    String customKeyStoreId,
    String cloudHsmClusterId,
    String keyManager,
    String customerMasterKeySpec,
    String keySpec,
    List<String> encryptionAlgorithms,
    Boolean multiRegion,
    String currentKeyMaterialId) {

  static KeyMetadata of(KmsKey key) {
    return new KeyMetadata(
        key.owner().accountId(),
        key.keyId(),
        key.arn(),
        Timestamps.epochSeconds(key.creationDate()),
        key.enabled(),
        key.description(),
        key.usage().name(),
        key.effectiveState().wireName(),
        Timestamps.epochSeconds(key.deletionDate()),
        key.origin().name(),
        key.customKeyStoreId(),
        key.store() == null ? null : key.store().cloudHsmClusterId(),
        "CUSTOMER",
        key.spec().name(),
        key.spec().name(),
        key.spec().isSymmetric() ? List.of("SYMMETRIC_DEFAULT") : null,
        false,
        key.material() == null ? null : key.material().currentKeyMaterialId());
  }
}
