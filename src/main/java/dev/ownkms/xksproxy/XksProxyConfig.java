package dev.ownkms.xksproxy;

import dev.ownkms.domain.Secret;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checked, immutable configuration of one XKS proxy. {@link XksProxyConfigFile} reads it from
 * TOML or YAML; tests and {@code xks-proxy start} build it directly. Each constraint fails with a
 * message naming the setting and its rule.
 *
 * @param listen address and port to listen on (port 0: any free one)
 * @param uriPrefix the path before {@code /kms/xks/v1}, e.g. {@code /example/prefix}; empty for
 *     none
 * @param tls certificate, key and optional client CA; empty for plain HTTP (tests, or behind a
 *     TLS-terminating load balancer)
 * @param credentials the SigV4 credentials accepted at once (two during a rotation)
 * @param regions SigV4 scope regions accepted; empty for any
 * @param token where the PKCS#11 token is and how to log in
 * @param keyRules per-key rules by key id; keys without a rule are served with their token usage
 * @param onlyListedKeys whether keys without a rule are refused ({@code KeyNotFoundException})
 * @param requestTimeout the longest a request may wait for the token before the proxy answers
 *     {@code DependencyTimeoutException} (KMS gives up after 250 ms in all)
 * @param healthInterval how often the background deep health check runs (answers are never older
 *     than a minute, xks.md §1.4)
 * @param tokenThreads threads that call the token; PKCS#11 calls never run on the event loops
 * @param queueLimit requests waiting for a token thread before the proxy answers
 *     {@code ThrottlingException}
 */
public record XksProxyConfig(
    InetSocketAddress listen,
    String uriPrefix,
    Optional<Tls> tls,
    List<Credential> credentials,
    Set<String> regions,
    Token token,
    Map<String, KeyRule> keyRules,
    boolean onlyListedKeys,
    Duration requestTimeout,
    Duration healthInterval,
    int tokenThreads,
    int queueLimit) {

  /** xks.md §1.2 / MODEL XksProxyUriPathType: the prefix part of the path pattern. */
  static final Pattern URI_PREFIX = Pattern.compile("(/[a-zA-Z0-9/_-]+)?");
  static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z2-7]{20,30}");
  static final Pattern SECRET = Pattern.compile("[a-zA-Z0-9/+=]{43,64}");
  /** The longest prefix that keeps {@code <prefix>/kms/xks/v1} within the model's 128 chars. */
  static final int MAX_URI_PREFIX = 117;

  public XksProxyConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(uriPrefix, "uri_prefix");
    if (!URI_PREFIX.matcher(uriPrefix).matches() || uriPrefix.endsWith("/")
        || uriPrefix.contains("//") || uriPrefix.length() > MAX_URI_PREFIX) {
      throw new IllegalArgumentException("server.uri_prefix must be empty or /segment[/segment…]"
          + " of [a-zA-Z0-9_-], no trailing slash, at most " + MAX_URI_PREFIX
          + " characters (KMS XksProxyUriPath pattern), not '" + uriPrefix + "'");
    }
    tls = Objects.requireNonNull(tls, "tls");
    credentials = List.copyOf(credentials);
    if (credentials.isEmpty()) {
      throw new IllegalArgumentException("at least one [[credentials]] entry is required");
    }
    if (credentials.stream().map(Credential::accessKeyId).distinct().count()
        != credentials.size()) {
      throw new IllegalArgumentException("credentials: each access_key_id may appear only once");
    }
    regions = Set.copyOf(regions);
    Objects.requireNonNull(token, "pkcs11");
    keyRules = Map.copyOf(keyRules);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("server.request_timeout_ms must be positive");
    }
    if (healthInterval.isNegative() || healthInterval.isZero()
        || healthInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("server.health_interval_ms must be 1 ms to 60000 ms:"
          + " health answers may not be older than a minute");
    }
    if (tokenThreads < 1 || tokenThreads > 256) {
      throw new IllegalArgumentException("server.token_threads must be 1 to 256");
    }
    if (queueLimit < 1) {
      throw new IllegalArgumentException("server.queue_limit must be at least 1");
    }
  }

  /** The API base path, {@code <prefix>/kms/xks/v1}: KMS's XksProxyUriPath. */
  public String uriPath() {
    return uriPrefix + "/kms/xks/v1";
  }

  /**
   * TLS settings.
   *
   * @param certificate PEM server certificate chain
   * @param privateKey PEM (PKCS#8) private key
   * @param clientCa PEM CA certificates a client certificate must chain to; present = mTLS
   * @param clientName a name the client certificate must carry as subject CN or DNS SAN (e.g.
   *     {@code cks.kms.us-east-1.amazonaws.com}); empty for any
   */
  public record Tls(Path certificate, Path privateKey, Optional<Path> clientCa,
      Optional<String> clientName) {
    public Tls {
      Objects.requireNonNull(certificate, "tls.certificate");
      Objects.requireNonNull(privateKey, "tls.private_key");
      Objects.requireNonNull(clientCa, "tls.client_ca");
      Objects.requireNonNull(clientName, "tls.client_name");
      if (clientName.isPresent() && clientCa.isEmpty()) {
        throw new IllegalArgumentException("tls.client_name needs tls.client_ca (mTLS)");
      }
    }
  }

  /** A SigV4 credential pair, with the spec's shapes (xks.md §1.9). */
  public record Credential(String accessKeyId, Secret secretAccessKey) {
    public Credential {
      if (accessKeyId == null || !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
        throw new IllegalArgumentException("credentials.access_key_id must be 20 to 30 characters"
            + " of A-Z and 2-7 (XKS spec), not '" + accessKeyId + "'");
      }
      Objects.requireNonNull(secretAccessKey, "credentials.secret_access_key");
      if (!SECRET.matcher(secretAccessKey.revealUtf8()).matches()) {
        throw new IllegalArgumentException("credentials.secret_access_key of " + accessKeyId
            + " must be 43 to 64 characters of a-z, A-Z, 0-9, /, + and = (XKS spec)");
      }
    }

    @Override
    public String toString() {
      return "Credential[" + accessKeyId + ", ***]";
    }
  }

  /**
   * The token: a SoftHSM folder of the proxy's own ({@code softHsmDirectory}) or a vendor library
   * file, the token label and the user PIN.
   */
  public record Token(Optional<Path> library, Optional<Path> softHsmDirectory, String label,
      Secret pin, boolean createIfMissing) {
    public Token {
      if (library.isPresent() == softHsmDirectory.isPresent()) {
        throw new IllegalArgumentException("pkcs11: set exactly one of library (a vendor's"
            + " PKCS#11 .so) and softhsm_dir (a SoftHSM2 folder of the proxy's own)");
      }
      if (label == null || label.isEmpty() || label.length() > 32) {
        throw new IllegalArgumentException("pkcs11.token_label must be 1 to 32 characters");
      }
      Objects.requireNonNull(pin, "pkcs11.pin");
    }

    @Override
    public String toString() {
      return "Token[" + library.or(() -> softHsmDirectory).orElseThrow() + ", " + label + "]";
    }
  }

  /** What KMS may do with one key. */
  public record KeyRule(KeyUsage usage, List<String> principals) {
    public KeyRule {
      Objects.requireNonNull(usage, "keys.usage");
      principals = List.copyOf(principals);
    }
  }
}
