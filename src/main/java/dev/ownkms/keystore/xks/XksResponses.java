package dev.ownkms.keystore.xks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads proxy answers: leniently (unknown fields are ignored, as the spec lets proxies add some)
 * and strictly (every known field has its type, Base64 is standard with padding, enums and counts
 * are the spec's). Anything else is {@link XksOutcome#MALFORMED_RESPONSE} — KMS's "cannot
 * interpret the response".
 *
 * <p>Errors: only {@code 200} is success. Any other status is read as an error body, and its
 * {@code errorName} decides the outcome whatever the status (xks.md §1.8: the name is what KMS
 * maps). An error body that is not a JSON object with a known {@code errorName} — e.g. a web
 * server's HTML 404 page for a wrong path — is {@code MALFORMED_RESPONSE}, not {@code
 * INVALID_URI_PATH}: the spec reports a non-JSON error body as uninterpretable, and only the proxy
 * can say the path is wrong.
 */
final class XksResponses {

  static final int MAX_METADATA_BYTES = 20;
  private static final ObjectMapper JSON = XksJson.MAPPER;
  private static final Set<String> HEALTH_STATUSES = Set.of("ACTIVE", "DEGRADED", "UNAVAILABLE");
  private static final Set<String> KEY_STATUSES = Set.of("ENABLED", "DISABLED");

  private XksResponses() {}

  /** Throws the outcome of a non-200 answer; returns the JSON object of a 200 one. */
  static JsonNode answer(int status, byte[] body) throws XksCallException {
    JsonNode json = object(body, status);
    if (status == 200) {
      return json;
    }
    JsonNode name = json.get("errorName");
    if (name == null || !name.isTextual()) {
      throw malformed("HTTP " + status + " without a text errorName");
    }
    XksOutcome outcome = XksOutcome.ofErrorName(name.textValue()).orElseThrow(() -> malformed(
        "HTTP " + status + " with an unknown errorName " + printable(name.textValue())));
    JsonNode message = json.get("errorMessage");
    throw new XksCallException(outcome, "the proxy answered HTTP " + status
        + (message != null && message.isTextual() ? ": " + printable(message.textValue()) : ""));
  }

  static XksHealth health(JsonNode json) throws XksCallException {
    int fleetSize = positiveInt(json, "xksProxyFleetSize");
    JsonNode fleet = field(json, "ekmFleetDetails");
    if (!fleet.isArray() || fleet.isEmpty() || fleet.size() > 10) {
      throw malformed("ekmFleetDetails is not an array of 1 to 10 entries");
    }
    List<XksHealth.Ekm> ekms = new ArrayList<>();
    for (JsonNode ekm : fleet) {
      if (!ekm.isObject()) {
        throw malformed("an ekmFleetDetails entry is not an object");
      }
      ekms.add(new XksHealth.Ekm(text(ekm, "id"), text(ekm, "model"),
          oneOf(ekm, "healthStatus", HEALTH_STATUSES)));
    }
    return new XksHealth(fleetSize, text(json, "xksProxyVendor"), text(json, "xksProxyModel"),
        text(json, "ekmVendor"), ekms);
  }

  static XksKeyMetadata keyMetadata(JsonNode json) throws XksCallException {
    JsonNode usage = field(json, "keyUsage");
    if (!usage.isArray() || usage.size() > 10) {
      throw malformed("keyUsage is not an array of at most 10 values");
    }
    List<String> usages = new ArrayList<>();
    for (JsonNode value : usage) {
      if (!value.isTextual()) {
        throw malformed("a keyUsage value is not text");
      }
      usages.add(value.textValue());
    }
    return new XksKeyMetadata(text(json, "keySpec"), usages,
        oneOf(json, "keyStatus", KEY_STATUSES));
  }

  /** Checks an Encrypt answer against the request (xks.md §2.8 item 2). */
  static XksEncrypted encrypted(JsonNode json, int plaintextLength, byte[] aad)
      throws XksCallException {
    byte[] ciphertext = base64(json, "ciphertext");
    byte[] iv = base64(json, "initializationVector");
    byte[] tag = base64(json, "authenticationTag");
    byte[] metadata = json.has("ciphertextMetadata") && !json.get("ciphertextMetadata").isNull()
        ? base64(json, "ciphertextMetadata") : null;
    byte[] integrity = base64(json, "ciphertextDataIntegrityValue");
    if (ciphertext.length != plaintextLength) {
      throw malformed("ciphertext of " + ciphertext.length + " bytes for a plaintext of "
          + plaintextLength);
    }
    if (iv.length != 12 && iv.length != 16) {
      throw malformed("initializationVector of " + iv.length + " bytes (12 or 16 allowed)");
    }
    if (tag.length != 16) {
      throw malformed("authenticationTag of " + tag.length + " bytes (16 required)");
    }
    if (metadata != null && metadata.length > MAX_METADATA_BYTES) {
      throw malformed("ciphertextMetadata of " + metadata.length + " bytes (at most 20)");
    }
    if (!MessageDigest.isEqual(integrity,
        IntegrityValue.sha256(aad, metadata, iv, ciphertext, tag))) {
      throw malformed("ciphertextDataIntegrityValue does not match the answer");
    }
    return new XksEncrypted(ciphertext, iv, tag, metadata);
  }

  static byte[] plaintext(JsonNode json, int ciphertextLength) throws XksCallException {
    byte[] plaintext = base64(json, "plaintext");
    if (plaintext.length != ciphertextLength) {
      throw malformed("plaintext of " + plaintext.length + " bytes for a ciphertext of "
          + ciphertextLength);
    }
    return plaintext;
  }

  private static JsonNode object(byte[] body, int status) throws XksCallException {
    try {
      JsonNode json = JSON.readTree(body);
      if (json == null || !json.isObject()) {
        throw malformed("HTTP " + status + " with a body that is not a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw malformed("HTTP " + status + " with a body that is not JSON");
    }
  }

  private static JsonNode field(JsonNode json, String name) throws XksCallException {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      throw malformed("no " + name);
    }
    return value;
  }

  private static String text(JsonNode json, String name) throws XksCallException {
    JsonNode value = field(json, name);
    if (!value.isTextual()) {
      throw malformed(name + " is not text");
    }
    return value.textValue();
  }

  private static String oneOf(JsonNode json, String name, Set<String> allowed)
      throws XksCallException {
    String value = text(json, name);
    if (!allowed.contains(value)) {
      throw malformed(name + " " + printable(value) + " is none of " + allowed);
    }
    return value;
  }

  private static int positiveInt(JsonNode json, String name) throws XksCallException {
    JsonNode value = field(json, name);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
      throw malformed(name + " is not an integer > 0");
    }
    return value.intValue();
  }

  /** Standard Base64 with padding, canonical (re-encoding gives the same text). */
  private static byte[] base64(JsonNode json, String name) throws XksCallException {
    String text = text(json, name);
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
        throw malformed(name + " is not canonical standard Base64 with padding");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw malformed(name + " is not standard Base64");
    }
  }

  /** Proxy text for a log line: printable ASCII only, at most 200 characters. */
  private static String printable(String text) {
    String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
  }

  private static XksCallException malformed(String message) {
    return new XksCallException(XksOutcome.MALFORMED_RESPONSE, message);
  }
}
