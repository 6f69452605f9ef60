package dev.ownkms.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a key is for (kms-contract.md §2.0). */
public enum KeyUsage {
  SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT;

  public static Optional<KeyUsage> fromWire(String name) {
    return Arrays.stream(values()).filter(u -> u.name().equals(name)).findFirst();
  }
}
