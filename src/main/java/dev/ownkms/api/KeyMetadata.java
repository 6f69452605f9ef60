package dev.ownkms.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ownkms.domain.KmsKey;
import dev.ownkms.domain.Origin;
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
    String currentKeyMaterialId,
    XksKeyConfiguration xksKeyConfiguration) {

  /** The model's {@code XksKeyConfigurationType}: the external key behind the KMS key. */
  public record XksKeyConfiguration(String id) { }

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
        hasOwnMaterialId(key) ? key.material().currentKeyMaterialId() : null,
        key.xksKeyId() == null ? null : new XksKeyConfiguration(key.xksKeyId()));
  }

  /**
   * Only keys whose material KMS holds alone name it; an external store key's inner material is
   * not reported (kms-contract.md §2.7).
   */
  private static boolean hasOwnMaterialId(KmsKey key) {
    return key.material() != null
        && (key.origin() == Origin.AWS_KMS || key.origin() == Origin.EXTERNAL);
  }
}
