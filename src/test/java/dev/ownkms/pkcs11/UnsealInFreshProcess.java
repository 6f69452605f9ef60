package dev.ownkms.pkcs11;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Run by {@link RootKeyTest} in a child JVM: a real restart, where SoftHSM gives the token a new
 * slot id. Arguments: data directory, sealed bytes (hex), associated data (hex). Prints the secret.
 */
final class UnsealInFreshProcess {

  private UnsealInFreshProcess() {}

  public static void main(String[] args) {
    try (RootKey root = RootKey.openOrCreate(Path.of(args[0]))) {
      byte[] secret = root.unseal(HexFormat.of().parseHex(args[1]), HexFormat.of().parseHex(args[2]));
      System.out.println(HexFormat.of().formatHex(secret));
    }
  }
}
