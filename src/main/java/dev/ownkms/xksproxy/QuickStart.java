package dev.ownkms.xksproxy;

import dev.ownkms.domain.Secret;
import dev.ownkms.pkcs11.KeyToken;
import dev.ownkms.xksproxy.tls.CertificateAuthority;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A proxy for scripts and tests ({@code xks-proxy start}): a fresh SoftHSM token in {@code
 * directory} with keys for every case of the conformance client, fresh credentials, and unless
 * plain HTTP, a fresh private CA with a server certificate for {@code localhost}/{@code
 * 127.0.0.1} (and with mTLS a client certificate from a second CA).
 */
public final class QuickStart {

  public static final String TOKEN_LABEL = "xks-proxy";
  public static final String URI_PREFIX = "/example/uri/path/prefix";
  public static final String REGION = "us-east-1";
  public static final List<String> KEY_IDS = List.of("foo", "xks-key-2", "xks-key-3");
  public static final String ENCRYPT_ONLY_KEY_ID = "encrypt_only_key";
  public static final String DECRYPT_ONLY_KEY_ID = "decrypt_only_key";
  public static final String NO_USAGE_KEY_ID = "impotent_key";

  /** What to start: TLS, mTLS, listening port (0: any free one). */
  public record Options(boolean tls, boolean mtls, int port, Duration healthInterval) {
    public static Options http() {
      return new Options(false, false, 0, Duration.ofSeconds(5));
    }

    public static Options https() {
      return new Options(true, false, 0, Duration.ofSeconds(5));
    }

    public static Options mutualTls() {
      return new Options(true, true, 0, Duration.ofSeconds(5));
    }

    public Options withHealthInterval(Duration interval) {
      return new Options(tls, mtls, port, interval);
    }

    public Options withPort(int newPort) {
      return new Options(tls, mtls, newPort, healthInterval);
    }
  }

  /**
   * A started proxy and what a client needs to call it.
   *
   * @param clientCa the CA of the client certificate (mTLS), its certificate and key
   */
  public record Started(XksProxy proxy, String accessKeyId, Secret secretAccessKey,
      Optional<Path> caCertificate, Optional<Path> clientCertificate, Optional<Path> clientKey,
      Optional<CertificateAuthority> clientCa, Path directory) implements AutoCloseable {

    public String uriEndpoint() {
      return proxy.endpoint();
    }

    public String uriPath() {
      return proxy.config().uriPath();
    }

    /** The one JSON line {@code xks-proxy start --json} prints. */
    public Map<String, Object> describe() {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("uriEndpoint", uriEndpoint());
      values.put("uriPath", uriPath());
      values.put("accessKeyId", accessKeyId);
      values.put("secretAccessKey", secretAccessKey.revealUtf8());
      values.put("region", REGION);
      values.put("keyIds", KEY_IDS);
      values.put("encryptOnlyKeyId", ENCRYPT_ONLY_KEY_ID);
      values.put("decryptOnlyKeyId", DECRYPT_ONLY_KEY_ID);
      values.put("noUsageKeyId", NO_USAGE_KEY_ID);
      values.put("caCertificate", caCertificate.map(Path::toString).orElse(null));
      clientCertificate.ifPresent(p -> values.put("clientCertificate", p.toString()));
      clientKey.ifPresent(p -> values.put("clientKey", p.toString()));
      return values;
    }

    @Override
    public void close() {
      proxy.close();
    }
  }

  private QuickStart() {}

  public static Started start(Path directory, Options options) throws InterruptedException {
    SecureRandom random = new SecureRandom();
    Path tokenDirectory = directory.resolve("token");
    Secret pin = Secret.of(randomBase64(random, 18));
    try (KeyToken token = KeyToken.openSoftHsm(tokenDirectory, TOKEN_LABEL, pin, true)) {
      for (String keyId : KEY_IDS) {
        token.generateAes256(keyId, true, true);
      }
      token.generateAes256(ENCRYPT_ONLY_KEY_ID, true, false);
      token.generateAes256(DECRYPT_ONLY_KEY_ID, false, true);
      token.generateAes256(NO_USAGE_KEY_ID, false, false);
    }
    Optional<XksProxyConfig.Tls> tls = Optional.empty();
    Optional<Path> caFile = Optional.empty();
    Optional<Path> clientCertificate = Optional.empty();
    Optional<Path> clientKey = Optional.empty();
    Optional<CertificateAuthority> clientCa = Optional.empty();
    if (options.tls()) {
      Path tlsDirectory = directory.resolve("tls");
      CertificateAuthority ca = CertificateAuthority.create("OwnKMS XKS proxy test CA",
          Duration.ofDays(30), random);
      caFile = Optional.of(tlsDirectory.resolve("ca.pem"));
      ca.writeCertificate(caFile.get());
      ca.server(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(30))
          .write(tlsDirectory.resolve("server.pem"), tlsDirectory.resolve("server.key"));
      Optional<Path> clientCaFile = Optional.empty();
      if (options.mtls()) {
        CertificateAuthority clients = CertificateAuthority.create(
            "OwnKMS XKS proxy test client CA", Duration.ofDays(30), random);
        clientCaFile = Optional.of(tlsDirectory.resolve("client-ca.pem"));
        clients.writeCertificate(clientCaFile.get());
        clientCertificate = Optional.of(tlsDirectory.resolve("client.pem"));
        clientKey = Optional.of(tlsDirectory.resolve("client.key"));
        clients.client("cks.kms." + REGION + ".amazonaws.com",
                Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofDays(30)))
            .write(clientCertificate.get(), clientKey.get());
        clientCa = Optional.of(clients);
      }
      tls = Optional.of(new XksProxyConfig.Tls(tlsDirectory.resolve("server.pem"),
          tlsDirectory.resolve("server.key"), clientCaFile, Optional.empty()));
    }
    String accessKeyId = randomAccessKeyId(random);
    Secret secret = Secret.of(randomBase64(random, 32));
    XksProxyConfig config = new XksProxyConfig(
        new InetSocketAddress("127.0.0.1", options.port()), URI_PREFIX, tls,
        List.of(new XksProxyConfig.Credential(accessKeyId, secret)), Set.of(),
        new XksProxyConfig.Token(Optional.empty(), Optional.of(tokenDirectory), TOKEN_LABEL, pin,
            false),
        Map.of(
            ENCRYPT_ONLY_KEY_ID, new XksProxyConfig.KeyRule(KeyUsage.ENCRYPT_ONLY, List.of()),
            DECRYPT_ONLY_KEY_ID, new XksProxyConfig.KeyRule(KeyUsage.DECRYPT_ONLY, List.of()),
            NO_USAGE_KEY_ID, new XksProxyConfig.KeyRule(KeyUsage.NONE, List.of())),
        false, Duration.ofMillis(240), options.healthInterval(), 8, 4096);
    XksProxy proxy = XksProxy.start(config, Clock.systemUTC());
    return new Started(proxy, accessKeyId, secret, caFile, clientCertificate, clientKey,
        clientCa, directory);
  }

  /** 24 characters of the spec's access key alphabet, {@code [A-Z2-7]} (base32). */
  public static String randomAccessKeyId(SecureRandom random) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder id = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  /** {@code n} random bytes as standard Base64: 32 bytes give a 44-character secret. */
  public static String randomBase64(SecureRandom random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Copies the CA certificate to {@code <dataDir>/xks-trusted-cas/} for an OwnKMS server. */
  public static Path trustInto(Path caCertificate, Path dataDirectory, String name) {
    try {
      Path target = dataDirectory.resolve("xks-trusted-cas").resolve(name + ".pem");
      Files.createDirectories(target.getParent());
      Files.copy(caCertificate, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot copy the CA certificate into " + dataDirectory, e);
    }
  }

  /**
   * Copies the mTLS client certificate and key to {@code <dataDir>/xks-client/client.pem} and
   * {@code client.key} (the key owner-only), so an OwnKMS server on that data directory presents
   * them to this proxy.
   *
   * @return the copied certificate
   */
  public static Path clientInto(Path clientCertificate, Path clientKey, Path dataDirectory) {
    try {
      Path directory = Files.createDirectories(dataDirectory.resolve("xks-client"));
      Path certificate = directory.resolve("client.pem");
      Path key = directory.resolve("client.key");
      Files.copy(clientCertificate, certificate, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(key);
      if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(key, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(key, Files.readAllBytes(clientKey));
      return certificate;
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy the client certificate into "
          + dataDirectory, e);
    }
  }
}
