package dev.ownkms.xksproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ownkms.domain.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an {@link XksProxyConfig} from a TOML ({@code .toml}) or YAML ({@code .yaml}/{@code
 * .yml}) file. Relative paths are relative to the file's folder. Unknown settings are refused (a
 * typo must not silently leave a default in place); every error names the setting.
 *
 * <pre>
 * [server]
 * listen = "0.0.0.0:443"
 * uri_prefix = "/example/prefix"     # the API is at &lt;uri_prefix&gt;/kms/xks/v1
 * regions = ["us-east-1"]            # optional: SigV4 regions accepted (default: any)
 *
 * [tls]                              # optional: without it, plain HTTP
 * certificate = "server.pem"
 * private_key = "server.key"
 * client_ca = "client-ca.pem"        # optional: mTLS
 * client_name = "cks.kms.us-east-1.amazonaws.com"  # optional
 *
 * [[credentials]]                    # one, or two during a rotation
 * access_key_id = "…"
 * secret_access_key = "…"
 *
 * [pkcs11]
 * softhsm_dir = "softhsm"            # or: library = "/path/to/vendor-pkcs11.so"
 * token_label = "xks-proxy"
 * pin = "…"                          # or: pin_env = "XKS_TOKEN_PIN"
 *
 * [[keys]]                           # optional per-key rules
 * id = "foo"
 * usage = "encrypt-only"             # encrypt-decrypt | encrypt-only | decrypt-only | none
 * principals = ["arn:aws:iam::111122223333:*"]   # optional secondary authorization
 * </pre>
 */
public final class XksProxyConfigFile {

  private static final Set<String> TOP = Set.of("server", "tls", "credentials", "pkcs11", "keys");
  private static final Set<String> SERVER = Set.of("listen", "uri_prefix", "regions",
      "only_listed_keys", "request_timeout_ms", "health_interval_ms", "token_threads",
      "queue_limit");
  private static final Set<String> TLS = Set.of("certificate", "private_key", "client_ca",
      "client_name");
  private static final Set<String> CREDENTIAL = Set.of("access_key_id", "secret_access_key");
  private static final Set<String> PKCS11 = Set.of("library", "softhsm_dir", "token_label",
      "pin", "pin_env", "create_token");
  private static final Set<String> KEY = Set.of("id", "usage", "principals");

  private XksProxyConfigFile() {}

  public static XksProxyConfig load(Path file) {
    return load(file, System::getenv);
  }

  static XksProxyConfig load(Path file, Function<String, String> environment) {
    JsonNode root = read(file);
    Path base = file.toAbsolutePath().getParent();
    try {
      known(root, TOP, "");
      JsonNode server = object(root, "server", true);
      known(server, SERVER, "server.");
      Optional<XksProxyConfig.Tls> tls = Optional.empty();
      JsonNode tlsNode = object(root, "tls", false);
      if (tlsNode != null) {
        known(tlsNode, TLS, "tls.");
        tls = Optional.of(new XksProxyConfig.Tls(
            base.resolve(text(tlsNode, "tls.", "certificate", true)),
            base.resolve(text(tlsNode, "tls.", "private_key", true)),
            Optional.ofNullable(text(tlsNode, "tls.", "client_ca", false)).map(base::resolve),
            Optional.ofNullable(text(tlsNode, "tls.", "client_name", false))));
      }
      return new XksProxyConfig(
          address(text(server, "server.", "listen", true)),
          Optional.ofNullable(text(server, "server.", "uri_prefix", false)).orElse(""),
          tls,
          credentials(root),
          new HashSet<>(strings(server, "server.", "regions")),
          token(object(root, "pkcs11", true), base, environment),
          rules(root),
          bool(server, "server.", "only_listed_keys", false),
          Duration.ofMillis(number(server, "server.", "request_timeout_ms", 240)),
          Duration.ofMillis(number(server, "server.", "health_interval_ms", 10_000)),
          (int) number(server, "server.", "token_threads",
              Math.max(4, 2 * Runtime.getRuntime().availableProcessors())),
          (int) number(server, "server.", "queue_limit", 4096));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".toml") ? new TomlMapper()
        : name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : null;
    if (mapper == null) {
      throw new IllegalArgumentException(file + ": the config file must end in .toml, .yaml or"
          + " .yml");
    }
    try {
      JsonNode root = mapper.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException(file + ": the config file is empty");
      }
      return root;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the config file: "
          + e.getMessage(), e);
    }
  }

  private static List<XksProxyConfig.Credential> credentials(JsonNode root) {
    JsonNode list = root.get("credentials");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("[[credentials]] (a list) is required");
    }
    List<XksProxyConfig.Credential> credentials = new ArrayList<>();
    for (JsonNode entry : list) {
      known(entry, CREDENTIAL, "credentials.");
      credentials.add(new XksProxyConfig.Credential(
          text(entry, "credentials.", "access_key_id", true),
          Secret.of(text(entry, "credentials.", "secret_access_key", true))));
    }
    return credentials;
  }

  private static XksProxyConfig.Token token(JsonNode node, Path base,
      Function<String, String> environment) {
    known(node, PKCS11, "pkcs11.");
    String pin = text(node, "pkcs11.", "pin", false);
    String pinEnv = text(node, "pkcs11.", "pin_env", false);
    if ((pin == null) == (pinEnv == null)) {
      throw new IllegalArgumentException("pkcs11: set exactly one of pin and pin_env");
    }
    if (pinEnv != null) {
      pin = environment.apply(pinEnv);
      if (pin == null) {
        throw new IllegalArgumentException("pkcs11.pin_env names " + pinEnv
            + ", which is not set");
      }
    }
    return new XksProxyConfig.Token(
        Optional.ofNullable(text(node, "pkcs11.", "library", false)).map(base::resolve),
        Optional.ofNullable(text(node, "pkcs11.", "softhsm_dir", false)).map(base::resolve),
        text(node, "pkcs11.", "token_label", true), Secret.of(pin),
        bool(node, "pkcs11.", "create_token", false));
  }

  private static Map<String, XksProxyConfig.KeyRule> rules(JsonNode root) {
    Map<String, XksProxyConfig.KeyRule> rules = new LinkedHashMap<>();
    JsonNode list = root.get("keys");
    if (list == null) {
      return rules;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("keys must be a list ([[keys]])");
    }
    for (JsonNode entry : list) {
      known(entry, KEY, "keys.");
      String id = text(entry, "keys.", "id", true);
      if (!XksRoute.KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("keys.id must be 1 to 128 of [A-Za-z0-9._-]: " + id);
      }
      String usage = Optional.ofNullable(text(entry, "keys.", "usage", false))
          .orElse("encrypt-decrypt");
      if (rules.put(id, new XksProxyConfig.KeyRule(KeyUsage.fromConfigName(usage),
          strings(entry, "keys.", "principals"))) != null) {
        throw new IllegalArgumentException("keys: the id " + id + " appears twice");
      }
    }
    return rules;
  }

  static InetSocketAddress address(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("server.listen must be host:port, not '" + listen + "'");
    }
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    try {
      int port = Integer.parseInt(listen.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("server.listen needs a port 0 to 65535: '" + listen
          + "'");
    }
  }

  private static void known(JsonNode node, Set<String> names, String prefix) {
    if (!node.isObject()) {
      throw new IllegalArgumentException((prefix.isEmpty() ? "the file" : prefix)
          + " must be a table");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown setting " + prefix + name + " (known: "
            + String.join(", ", new java.util.TreeSet<>(names)) + ")");
      }
    }
  }

  private static JsonNode object(JsonNode root, String name, boolean required) {
    JsonNode node = root.get(name);
    if (node == null) {
      if (required) {
        throw new IllegalArgumentException("[" + name + "] is required");
      }
      return null;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("[" + name + "] must be a table");
    }
    return node;
  }

  private static String text(JsonNode node, String prefix, String name, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(prefix + name + " is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(prefix + name + " must be a string");
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode node, String prefix, String name, boolean otherwise) {
    JsonNode value = node.get(name);
    if (value == null) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(prefix + name + " must be true or false");
    }
    return value.booleanValue();
  }

  private static long number(JsonNode node, String prefix, String name, long otherwise) {
    JsonNode value = node.get(name);
    if (value == null) {
      return otherwise;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(prefix + name + " must be a whole number");
    }
    return value.longValue();
  }

  private static List<String> strings(JsonNode node, String prefix, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(prefix + name + " must be a list of strings");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(prefix + name + " must be a list of strings");
      }
      strings.add(item.textValue());
    }
    return strings;
  }
}
