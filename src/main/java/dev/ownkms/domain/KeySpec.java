package dev.ownkms.domain;

import java.util.Arrays;
import java.util.Optional;

/** Key specs of the model (kms-contract.md §2.7), with the key usages each one allows. */
public enum KeySpec {
  RSA_2048, RSA_3072, RSA_4096,
  ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1,
  SYMMETRIC_DEFAULT,
  HMAC_224, HMAC_256, HMAC_384, HMAC_512,
  SM2,
  ML_DSA_44, ML_DSA_65, ML_DSA_87,
  ECC_NIST_EDWARDS25519;

  public static Optional<KeySpec> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }

  public boolean isSymmetric() {
    return this == SYMMETRIC_DEFAULT;
  }

  /** Whether a key of this spec may have this usage (kms-contract.md §2.7 "Valid pairs"). */
  public boolean allows(KeyUsage usage) {
    return switch (this) {
      case SYMMETRIC_DEFAULT -> usage == KeyUsage.ENCRYPT_DECRYPT;
      case HMAC_224, HMAC_256, HMAC_384, HMAC_512 -> usage == KeyUsage.GENERATE_VERIFY_MAC;
      case RSA_2048, RSA_3072, RSA_4096 ->
          usage == KeyUsage.ENCRYPT_DECRYPT || usage == KeyUsage.SIGN_VERIFY;
      case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521 ->
          usage == KeyUsage.SIGN_VERIFY || usage == KeyUsage.KEY_AGREEMENT;
      case ECC_SECG_P256K1, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519 ->
          usage == KeyUsage.SIGN_VERIFY;
      case SM2 -> usage != KeyUsage.GENERATE_VERIFY_MAC;
    };
  }
}
