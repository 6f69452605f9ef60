package dev.ownkms.domain;

import java.util.Arrays;
import java.util.Optional;

/** Where a key's material comes from (kms-contract.md §2.0). */
public enum Origin {
  AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE;

  public static Optional<Origin> fromWire(String name) {
    return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
  }
}
