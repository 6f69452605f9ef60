package dev.ownkms.xksproxy.cli;

import dev.ownkms.pkcs11.KeyToken;
import dev.ownkms.xksproxy.KeyUsage;
import dev.ownkms.xksproxy.XksProxyConfig;
import dev.ownkms.xksproxy.XksProxyConfigFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ownkms xks-proxy keys create|list|disable|enable}: the AES-256 keys in the proxy's token.
 * Keys are made non-extractable with an explicit {@code CKA_ENCRYPT}/{@code CKA_DECRYPT} template;
 * a running proxy sees changes within a second.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manages the AES-256 keys in the proxy's token (the token of --config).",
    subcommands = {XksProxyKeysCommand.Create.class, XksProxyKeysCommand.ListKeys.class,
        XksProxyKeysCommand.Disable.class, XksProxyKeysCommand.Enable.class})
public final class XksProxyKeysCommand {

  static KeyToken open(Path config) {
    XksProxyConfig.Token token = XksProxyConfigFile.load(config).token();
    return token.softHsmDirectory().isPresent()
        ? KeyToken.openSoftHsm(token.softHsmDirectory().get(), token.label(), token.pin(),
            token.createIfMissing())
        : KeyToken.openLibrary(token.library().orElseThrow(), token.label(), token.pin());
  }

  abstract static class WithConfig {
    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "The proxy's config file: its [pkcs11] section names the token.")
    Path config;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Generates a non-extractable AES-256 key in the token, labelled with the key"
          + " id that KMS will use (XksKeyId).")
  static final class Create extends WithConfig implements Callable<Integer> {
    @Parameters(paramLabel = "KEY_ID", description = "1 to 128 of [A-Za-z0-9._-].")
    String keyId;

    @Option(names = "--usage", defaultValue = "encrypt-decrypt",
        paramLabel = "encrypt-decrypt|encrypt-only|decrypt-only|none",
        description = "What the token lets the key do (default: ${DEFAULT-VALUE}).")
    String usage;

    @Override
    public Integer call() {
      if (!keyId.matches("[A-Za-z0-9._-]{1,128}")) {
        System.err.println("ownkms xks-proxy keys create: the key id must be 1 to 128 of"
            + " [A-Za-z0-9._-]");
        return 2;
      }
      KeyUsage keyUsage = KeyUsage.fromConfigName(usage);
      try (KeyToken token = open(config)) {
        token.generateAes256(keyId, keyUsage.encrypt(), keyUsage.decrypt());
      }
      System.out.println("created " + keyId + " (AES_256, " + keyUsage.configName() + ")");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the token's secret keys: id, key spec, usage, status.")
  static final class ListKeys extends WithConfig implements Callable<Integer> {
    @Override
    public Integer call() {
      try (KeyToken token = open(config)) {
        System.out.printf("%-40s %-10s %-16s %s%n", "KEY_ID", "SPEC", "USAGE", "STATUS");
        for (KeyToken.KeyAttributes key : token.keys()) {
          System.out.printf("%-40s %-10s %-16s %s%n", key.label(),
              key.keyTypeName() + "_" + key.valueLengthBytes() * 8,
              KeyUsage.of(key.encrypt(), key.decrypt()).configName(),
              key.disabled() ? "DISABLED" : "ENABLED");
        }
      }
      return 0;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Disables a key: GetKeyMetadata says DISABLED, Encrypt and Decrypt answer"
          + " InvalidStateException.")
  static final class Disable extends WithConfig implements Callable<Integer> {
    @Parameters(paramLabel = "KEY_ID")
    String keyId;

    @Override
    public Integer call() {
      try (KeyToken token = open(config)) {
        token.setDisabled(keyId, true);
      }
      System.out.println("disabled " + keyId);
      return 0;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true,
      description = "Enables a disabled key again.")
  static final class Enable extends WithConfig implements Callable<Integer> {
    @Parameters(paramLabel = "KEY_ID")
    String keyId;

    @Override
    public Integer call() {
      try (KeyToken token = open(config)) {
        token.setDisabled(keyId, false);
      }
      System.out.println("enabled " + keyId);
      return 0;
    }
  }
}
