package dev.ownkms.xksproxy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.domain.Secret;
import dev.ownkms.pkcs11.KeyToken;
import dev.ownkms.xksproxy.QuickStart;
import dev.ownkms.xksproxy.tls.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ownkms xks-proxy init}: everything for a first run in one folder — a SoftHSM token with
 * one key, fresh SigV4 credentials, a private CA with a server certificate, the config file — and
 * prints what to give CreateCustomKeyStore, plus the proxy configuration file the AWS console
 * accepts (xks.md §1.13).
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Writes a ready config (xks-proxy.toml), a SoftHSM token with one AES-256 key,"
        + " a private CA and a server certificate into --dir, and prints the values for"
        + " CreateCustomKeyStore.")
public final class XksProxyInitCommand implements Callable<Integer> {

  @Option(names = "--dir", defaultValue = "xks-proxy", paramLabel = "DIR",
      description = "Folder to create (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--host", defaultValue = "localhost", paramLabel = "NAME",
      description = "DNS name of the proxy, for the server certificate and the endpoint"
          + " (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--listen", defaultValue = "0.0.0.0:8443", paramLabel = "HOST:PORT",
      description = "Listen address (default: ${DEFAULT-VALUE}); KMS itself calls port 443.")
  String listen;

  @Option(names = "--key", defaultValue = "key-1", paramLabel = "KEY_ID",
      description = "Id of the first key (default: ${DEFAULT-VALUE}).")
  String keyId;

  @Override
  public Integer call() throws Exception {
    Path config = dir.resolve("xks-proxy.toml");
    if (Files.exists(config)) {
      System.err.println("ownkms xks-proxy init: " + config + " exists already; choose another"
          + " --dir");
      return 1;
    }
    Files.createDirectories(dir);
    SecureRandom random = new SecureRandom();
    String pin = QuickStart.randomBase64(random, 18);
    try (KeyToken token = KeyToken.openSoftHsm(dir.resolve("softhsm"), "xks-proxy",
        Secret.of(pin), true)) {
      token.generateAes256(keyId, true, true);
    }
    CertificateAuthority ca = CertificateAuthority.create("OwnKMS XKS proxy CA",
        Duration.ofDays(3650), random);
    ca.issued().write(dir.resolve("tls/ca.pem"), dir.resolve("tls/ca.key"));
    ca.server(List.of(host), List.of(), Duration.ofDays(397))
        .write(dir.resolve("tls/server.pem"), dir.resolve("tls/server.key"));
    String accessKeyId = QuickStart.randomAccessKeyId(random);
    String secret = QuickStart.randomBase64(random, 32);
    String prefix = "/keystores/" + UUID.randomUUID();
    String text = """
        # OwnKMS XKS proxy, written by `ownkms xks-proxy init`. Holds a secret and the token PIN:
        # keep it owner-only. Run: ownkms xks-proxy --config %s
        [server]
        listen = "%s"
        uri_prefix = "%s"        # the API is at <uri_prefix>/kms/xks/v1
        # regions = ["us-east-1"]  # SigV4 regions accepted (default: any)

        [tls]
        certificate = "tls/server.pem"
        private_key = "tls/server.key"
        # client_ca = "client-ca.pem"                     # require client certificates (mTLS)
        # client_name = "cks.kms.us-east-1.amazonaws.com"

        [[credentials]]                # add a second entry to rotate, then remove the old one
        access_key_id = "%s"
        secret_access_key = "%s"

        [pkcs11]
        softhsm_dir = "softhsm"        # or: library = "/path/to/vendor-pkcs11.so"
        token_label = "xks-proxy"
        pin = "%s"

        # [[keys]]                     # optional per-key rules
        # id = "%s"
        # usage = "encrypt-decrypt"    # encrypt-only | decrypt-only | none
        # principals = ["arn:aws:iam::111122223333:*"]
        """.formatted(config, listen, prefix, accessKeyId, secret, pin, keyId);
    Files.createFile(config, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(config, text, StandardCharsets.UTF_8);
    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("AccessKeyId", accessKeyId);
    credential.put("RawSecretAccessKey", secret);
    Map<String, Object> console = new LinkedHashMap<>();
    console.put("XksProxyUriPath", prefix + "/kms/xks/v1");
    console.put("XksProxyAuthenticationCredential", credential);
    Path consoleFile = dir.resolve("xks-proxy-configuration.json");
    Files.createFile(consoleFile, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(consoleFile, new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(console) + "\n");
    System.out.println("Wrote " + config + ", a SoftHSM token with the key " + keyId
        + ", and a private CA in " + dir.resolve("tls") + ".");
    System.out.println("Start the proxy:  ownkms xks-proxy --config " + config);
    System.out.println("CreateCustomKeyStore values:");
    System.out.println("  XksProxyUriEndpoint:  https://" + host);
    System.out.println("  XksProxyUriPath:      " + prefix + "/kms/xks/v1");
    System.out.println("  AccessKeyId:          " + accessKeyId);
    System.out.println("  RawSecretAccessKey:   " + secret);
    System.out.println("  XksKeyId (CreateKey): " + keyId);
    System.out.println("AWS console proxy configuration file: " + consoleFile);
    System.out.println("AWS CLI:");
    System.out.println("  aws kms create-custom-key-store --custom-key-store-name my-xks"
        + " --custom-key-store-type EXTERNAL_KEY_STORE --xks-proxy-connectivity PUBLIC_ENDPOINT"
        + " --xks-proxy-uri-endpoint https://" + host + " --xks-proxy-uri-path " + prefix
        + "/kms/xks/v1 --xks-proxy-authentication-credential AccessKeyId=" + accessKeyId
        + ",RawSecretAccessKey=" + secret);
    System.out.println("Real KMS trusts public CAs only: replace tls/server.pem for production;"
        + " an OwnKMS server trusts tls/ca.pem once copied into <data-dir>/xks-trusted-cas/.");
    return 0;
  }
}
