package dev.ownkms.xksproxy;

import dev.ownkms.keystore.xks.IntegrityValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four XKS operations over the token, after routing, authentication and request parsing:
 * key rules (usage, principals), key state, AES-GCM with the spec's AAD framing, and the
 * ciphertext data integrity value with its verification decrypt.
 *
 * <p>{@link #health} is memory work; the other three call the token and run on token threads.
 */
final class XksService {

  /**
   * Returned as {@code ciphertextMetadata} and bound into the AAD: version 1 of this proxy's
   * framing, so a later format can be told apart (xks.md §6.1).
   */
  static final byte[] CIPHERTEXT_METADATA = {1};
  static final int IV_BYTES = 12;

  private static final Logger log = LoggerFactory.getLogger(XksService.class);
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final TokenGateway token;
  private final HealthMonitor health;
  private final SecureRandom random;
  private final ProxyMetrics metrics;
  private volatile Map<String, XksProxyConfig.KeyRule> rules;
  private volatile boolean onlyListedKeys;

  XksService(TokenGateway token, HealthMonitor health, SecureRandom random, ProxyMetrics metrics,
      Map<String, XksProxyConfig.KeyRule> rules, boolean onlyListedKeys) {
    this.token = token;
    this.health = health;
    this.random = random;
    this.metrics = metrics;
    replaceRules(rules, onlyListedKeys);
  }

  void replaceRules(Map<String, XksProxyConfig.KeyRule> rules, boolean onlyListedKeys) {
    this.rules = Map.copyOf(rules);
    this.onlyListedKeys = onlyListedKeys;
  }

  /** xks.md §1.4: one fleet entry, the token, with the background deep check's status. */
  Map<String, Object> health() {
    Map<String, Object> ekm = new LinkedHashMap<>();
    ekm.put("id", token.tokenLabel());
    ekm.put("model", token.description());
    ekm.put("healthStatus", health.status().name());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("xksProxyFleetSize", 1);
    answer.put("xksProxyVendor", "OwnKMS");
    answer.put("xksProxyModel", "OwnKMS XKS Proxy " + version());
    answer.put("ekmVendor", token.description());
    answer.put("ekmFleetDetails", List.of(ekm));
    return answer;
  }

  static String version() {
    String version = XksService.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /** xks.md §1.5. */
  Map<String, Object> metadata(String keyId, XksRequests.RequestMetadata request) {
    XksProxyConfig.KeyRule rule = rule(keyId, request);
    TokenGateway.KeyHandle key = timedKey(keyId, XksOperation.METADATA);
    var attributes = key.attributes();
    KeyUsage usage = rule.usage().and(KeyUsage.of(attributes.encrypt(), attributes.decrypt()));
    List<String> keyUsage = new ArrayList<>();
    if (usage.encrypt()) {
      keyUsage.add("ENCRYPT");
    }
    if (usage.decrypt()) {
      keyUsage.add("DECRYPT");
    }
    // Further usages the token allows, reported as the spec's examples spell them.
    if (attributes.sign()) {
      keyUsage.add("SIGN");
    }
    if (attributes.verify()) {
      keyUsage.add("VERIFY");
    }
    if (attributes.wrap()) {
      keyUsage.add("WRAP");
    }
    if (attributes.unwrap()) {
      keyUsage.add("UNWRAP");
    }
    if (attributes.derive()) {
      keyUsage.add("DERIVE");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("keySpec", attributes.keyTypeName() + "_" + attributes.valueLengthBytes() * 8);
    answer.put("keyUsage", keyUsage);
    answer.put("keyStatus", attributes.disabled() ? "DISABLED" : "ENABLED");
    return answer;
  }

  /** xks.md §1.6, with Appendix C's order: encrypt, integrity value, verification decrypt. */
  Map<String, Object> encrypt(String keyId, XksRequests.EncryptRequest request) {
    XksProxyConfig.KeyRule rule = rule(keyId, request.metadata());
    TokenGateway.KeyHandle key = usableKey(keyId, XksOperation.ENCRYPT);
    KeyUsage usage = rule.usage().and(KeyUsage.of(key.attributes().encrypt(),
        key.attributes().decrypt()));
    if (!usage.encrypt()) {
      throw new XksException(XksError.INVALID_KEY_USAGE, "the key " + keyId
          + " may not encrypt");
    }
    if (request.wantsIntegrityValue() && !usage.decrypt()) {
      // The integrity value is only returned after a verification decrypt (xks.md §1.6).
      throw new XksException(XksError.INVALID_KEY_USAGE, "the key " + keyId + " may not decrypt,"
          + " which the ciphertext data integrity value's verification needs");
    }
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] aad = AadFraming.framedAad(request.aad(), CIPHERTEXT_METADATA);
    long start = System.nanoTime();
    byte[] sealed = token.encrypt(key, iv, aad, request.plaintext());
    int ciphertextLength = sealed.length - TokenGateway.TAG_BYTES;
    byte[] ciphertext = Arrays.copyOf(sealed, ciphertextLength);
    byte[] tag = Arrays.copyOfRange(sealed, ciphertextLength, sealed.length);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ciphertext", BASE64.encodeToString(ciphertext));
    answer.put("ciphertextMetadata", BASE64.encodeToString(CIPHERTEXT_METADATA));
    answer.put("initializationVector", BASE64.encodeToString(iv));
    answer.put("authenticationTag", BASE64.encodeToString(tag));
    if (request.wantsIntegrityValue()) {
      byte[] integrity = IntegrityValue.sha256(request.aad(), CIPHERTEXT_METADATA, iv,
          ciphertext, tag);
      byte[] check = token.decrypt(key, iv, aad, sealed);
      if (!Arrays.equals(check, request.plaintext())) {
        log.error("the verification decrypt of key {} did not give back the plaintext", keyId);
        throw new XksException(XksError.INTERNAL, "the key manager returned a corrupt ciphertext");
      }
      answer.put("ciphertextDataIntegrityValue", BASE64.encodeToString(integrity));
    }
    metrics.tokenTime(XksOperation.ENCRYPT, System.nanoTime() - start);
    return answer;
  }

  /** xks.md §1.7. */
  Map<String, Object> decrypt(String keyId, XksRequests.DecryptRequest request) {
    XksProxyConfig.KeyRule rule = rule(keyId, request.metadata());
    TokenGateway.KeyHandle key = usableKey(keyId, XksOperation.DECRYPT);
    KeyUsage usage = rule.usage().and(KeyUsage.of(key.attributes().encrypt(),
        key.attributes().decrypt()));
    if (!usage.decrypt()) {
      throw new XksException(XksError.INVALID_KEY_USAGE, "the key " + keyId
          + " may not decrypt");
    }
    byte[] aad = AadFraming.framedAad(request.aad(), request.ciphertextMetadata());
    byte[] sealed = Arrays.copyOf(request.ciphertext(),
        request.ciphertext().length + TokenGateway.TAG_BYTES);
    System.arraycopy(request.tag(), 0, sealed, request.ciphertext().length,
        TokenGateway.TAG_BYTES);
    long start = System.nanoTime();
    byte[] plaintext = token.decrypt(key, request.iv(), aad, sealed);
    metrics.tokenTime(XksOperation.DECRYPT, System.nanoTime() - start);
    return Map.of("plaintext", BASE64.encodeToString(plaintext));
  }

  private TokenGateway.KeyHandle usableKey(String keyId, XksOperation operation) {
    TokenGateway.KeyHandle key = timedKey(keyId, operation);
    if (key.attributes().disabled()) {
      throw new XksException(XksError.INVALID_STATE, "the key " + keyId + " is disabled");
    }
    if (!key.attributes().isAes() || key.attributes().valueLengthBytes() != 32) {
      throw new XksException(XksError.INVALID_KEY_USAGE, "the key " + keyId
          + " is not an AES-256 key");
    }
    return key;
  }

  private TokenGateway.KeyHandle timedKey(String keyId, XksOperation operation) {
    long start = System.nanoTime();
    try {
      return token.key(keyId);
    } finally {
      metrics.tokenTime(operation, System.nanoTime() - start);
    }
  }

  /**
   * The key's rule, and secondary authorization on {@code awsPrincipalArn} (xks.md §1.12):
   * {@code AccessDeniedException} names the rule that denied, in the log.
   */
  private XksProxyConfig.KeyRule rule(String keyId, XksRequests.RequestMetadata request) {
    XksProxyConfig.KeyRule rule = rules.get(keyId);
    if (rule == null) {
      if (onlyListedKeys) {
        throw new XksException(XksError.KEY_NOT_FOUND, "no key " + keyId + " in this proxy");
      }
      return new XksProxyConfig.KeyRule(KeyUsage.ENCRYPT_DECRYPT, List.of());
    }
    if (!rule.principals().isEmpty() && rule.principals().stream()
        .noneMatch(glob -> globMatches(glob, request.awsPrincipalArn()))) {
      log.info("access denied by the principals rule of key {}: {} is not in {}", keyId,
          request.awsPrincipalArn(), rule.principals());
      throw new XksException(XksError.ACCESS_DENIED, "the principal may not use the key "
          + keyId);
    }
    return rule;
  }

  /** {@code *} matches any run of characters, {@code ?} one; everything else literally. */
  static boolean globMatches(String glob, String text) {
    if (text == null) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.matches(regex.toString(), text);
  }
}
