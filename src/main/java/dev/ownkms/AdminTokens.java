package dev.ownkms;

import dev.ownkms.domain.Secret;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A fresh admin token for each server start: 32 random bytes in hex. */
final class AdminTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminTokens() { }

  static Secret random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Secret.of(HexFormat.of().formatHex(bytes));
  }
}
