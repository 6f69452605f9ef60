package dev.ownkms.api;

import java.util.List;
import java.util.regex.Pattern;

/** The model's {@code CreateKeyRequest} (kms-contract.md §2.7). */
public record CreateKeyRequest(
    String policy,
    String description,
    String keyUsage,
    String customerMasterKeySpec,
    String keySpec,
    String origin,
    String customKeyStoreId,
    Boolean bypassPolicyLockoutSafetyCheck,
    List<TagEntry> tags,
    Boolean multiRegion,
    String xksKeyId) implements KmsRequest {

  private static final String XKS_KEY_ID_PATTERN = "^[a-zA-Z0-9-_.]+$";
  private static final Pattern XKS_KEY_ID = Pattern.compile(XKS_KEY_ID_PATTERN);

  /** Recorded listings (aws-recorded-errors.json): older than the model, copied verbatim. */
  static final WireEnum KEY_USAGE = WireEnum.recorded(
      List.of("SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"),
      List.of("ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC"));
  static final WireEnum KEY_SPEC = WireEnum.recorded(
      List.of("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384",
          "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256",
          "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87",
          "ECC_NIST_EDWARDS25519"),
      List.of("RSA_2048", "ECC_NIST_P384", "ECC_NIST_P256", "ECC_NIST_P521", "HMAC_384",
          "RSA_3072", "ECC_SECG_P256K1", "RSA_4096", "SYMMETRIC_DEFAULT", "HMAC_256", "HMAC_224",
          "HMAC_512"));
  static final WireEnum CUSTOMER_MASTER_KEY_SPEC = WireEnum.of(List.of("RSA_2048", "RSA_3072",
      "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
      "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2"));
  static final WireEnum ORIGIN =
      WireEnum.of(List.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"));

  public CreateKeyRequest {
    tags = tags == null ? List.of() : tags;
  }

  @Override
  public void validate(Violations v) {
    Members.policy(v, policy);
    Members.description(v, description);
    v.oneOf("keyUsage", keyUsage, KEY_USAGE);
    v.oneOf("customerMasterKeySpec", customerMasterKeySpec, CUSTOMER_MASTER_KEY_SPEC);
    v.oneOf("keySpec", keySpec, KEY_SPEC);
    v.oneOf("origin", origin, ORIGIN);
    v.length("customKeyStoreId", customKeyStoreId, 1, 64);
    Members.tags(v, tags);
    v.length("xksKeyId", xksKeyId, 1, 128).pattern("xksKeyId", xksKeyId, XKS_KEY_ID,
        XKS_KEY_ID_PATTERN);
  }
}
