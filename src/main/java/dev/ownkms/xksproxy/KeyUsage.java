package dev.ownkms.xksproxy;

import java.util.Arrays;
import java.util.Locale;

/** The operations a key rule allows. */
public enum KeyUsage {
  ENCRYPT_DECRYPT(true, true),
  ENCRYPT_ONLY(true, false),
  DECRYPT_ONLY(false, true),
  NONE(false, false);

  private final boolean encrypt;
  private final boolean decrypt;

  KeyUsage(boolean encrypt, boolean decrypt) {
    this.encrypt = encrypt;
    this.decrypt = decrypt;
  }

  public boolean encrypt() {
    return encrypt;
  }

  public boolean decrypt() {
    return decrypt;
  }

  public static KeyUsage of(boolean encrypt, boolean decrypt) {
    return encrypt ? (decrypt ? ENCRYPT_DECRYPT : ENCRYPT_ONLY) : (decrypt ? DECRYPT_ONLY : NONE);
  }

  /** Both usages must allow an operation. */
  public KeyUsage and(KeyUsage other) {
    return of(encrypt && other.encrypt, decrypt && other.decrypt);
  }

  /** The config spelling: {@code encrypt-decrypt}, {@code encrypt-only}, … */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static KeyUsage fromConfigName(String name) {
    return Arrays.stream(values()).filter(u -> u.configName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("keys.usage must be one of"
            + " encrypt-decrypt, encrypt-only, decrypt-only, none; not '" + name + "'"));
  }
}
