package dev.ownkms.xksproxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the four request bodies of the XKS API into records, checking every member the spec
 * defines (xks.md §1.3–1.7): missing or mistyped members and bad Base64 are {@code
 * ValidationException}; inputs beyond this proxy's limits (the spec's minimums: 4300 bytes of
 * plaintext or ciphertext, 8192 of AAD) are {@code UnsupportedOperationException}, as the spec's
 * error table says for "an input exceeds this proxy's limits".
 *
 * <p>Unknown members are ignored, at the top level and in {@code requestMetadata}: the spec makes
 * proxies accept new metadata fields and new {@code kmsOperation} values (Appendix B). Pure CPU
 * work; thread-safe.
 */
final class XksRequests {

  static final int MAX_PLAINTEXT_BYTES = 4300;
  static final int MAX_AAD_BYTES = 8192;
  static final int MAX_CIPHERTEXT_METADATA_BYTES = 20;
  /** ARNs may be 2048 characters (xks.md §1.3); other metadata is shorter. */
  static final int MAX_METADATA_CHARS = 4096;

  private final ObjectMapper json = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** What every request carries; optional members are null when absent. */
  record RequestMetadata(String kmsRequestId, String kmsOperation, String awsPrincipalArn,
      String kmsKeyArn) {}

  record EncryptRequest(RequestMetadata metadata, byte[] plaintext, byte[] aad,
      boolean wantsIntegrityValue) {}

  record DecryptRequest(RequestMetadata metadata, byte[] ciphertext, byte[] aad,
      byte[] ciphertextMetadata, byte[] iv, byte[] tag) {}

  RequestMetadata health(byte[] body) {
    return metadata(object(body), false, false);
  }

  RequestMetadata keyMetadata(byte[] body) {
    return metadata(object(body), true, false);
  }

  EncryptRequest encrypt(byte[] body) {
    JsonNode root = object(body);
    RequestMetadata metadata = metadata(root, true, true);
    algorithm(root, "encryptionAlgorithm", "AES_GCM", true);
    boolean integrity = algorithm(root, "ciphertextDataIntegrityValueAlgorithm", "SHA_256", false);
    byte[] plaintext = base64(root, "plaintext", true);
    limit("plaintext", plaintext, MAX_PLAINTEXT_BYTES);
    byte[] aad = base64(root, "additionalAuthenticatedData", false);
    limit("additionalAuthenticatedData", aad, MAX_AAD_BYTES);
    return new EncryptRequest(metadata, plaintext, aad, integrity);
  }

  DecryptRequest decrypt(byte[] body) {
    JsonNode root = object(body);
    RequestMetadata metadata = metadata(root, true, true);
    algorithm(root, "encryptionAlgorithm", "AES_GCM", true);
    byte[] ciphertext = base64(root, "ciphertext", true);
    limit("ciphertext", ciphertext, MAX_PLAINTEXT_BYTES);
    byte[] aad = base64(root, "additionalAuthenticatedData", false);
    limit("additionalAuthenticatedData", aad, MAX_AAD_BYTES);
    byte[] ciphertextMetadata = base64(root, "ciphertextMetadata", false);
    if (ciphertextMetadata != null && ciphertextMetadata.length > MAX_CIPHERTEXT_METADATA_BYTES) {
      throw XksException.validation("ciphertextMetadata has " + ciphertextMetadata.length
          + " bytes; at most " + MAX_CIPHERTEXT_METADATA_BYTES + " are allowed");
    }
    byte[] iv = base64(root, "initializationVector", true);
    byte[] tag = base64(root, "authenticationTag", true);
    // Present but of a length GCM under this proxy never makes: the ciphertext is invalid.
    if (iv.length != 12 && iv.length != 16) {
      throw new XksException(XksError.INVALID_CIPHERTEXT,
          "initializationVector must be 12 or 16 bytes, not " + iv.length);
    }
    if (tag.length != 16) {
      throw new XksException(XksError.INVALID_CIPHERTEXT,
          "authenticationTag must be 16 bytes, not " + tag.length);
    }
    return new DecryptRequest(metadata, ciphertext, aad, ciphertextMetadata, iv, tag);
  }

  private JsonNode object(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw XksException.validation("the request body is not valid JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw XksException.validation("the request body cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw XksException.validation("the request body must be a JSON object");
    }
    return root;
  }

  /** xks.md §1.3: required members by operation; unknown members are kept out of the way. */
  private static RequestMetadata metadata(JsonNode root, boolean principal, boolean keyArn) {
    JsonNode node = root.get("requestMetadata");
    if (node == null || node.isNull()) {
      throw XksException.validation("requestMetadata is required");
    }
    if (!node.isObject()) {
      throw XksException.validation("requestMetadata must be a JSON object");
    }
    return new RequestMetadata(
        metadataString(node, "kmsRequestId", true),
        metadataString(node, "kmsOperation", true),
        metadataString(node, "awsPrincipalArn", principal),
        metadataString(node, "kmsKeyArn", keyArn));
  }

  private static String metadataString(JsonNode metadata, String name, boolean required) {
    JsonNode value = metadata.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw XksException.validation("requestMetadata." + name + " is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw XksException.validation("requestMetadata." + name + " must be a string");
    }
    String text = value.textValue();
    if (required && text.isEmpty()) {
      throw XksException.validation("requestMetadata." + name + " must not be empty");
    }
    if (text.length() > MAX_METADATA_CHARS) {
      throw XksException.validation("requestMetadata." + name + " is longer than "
          + MAX_METADATA_CHARS + " characters");
    }
    return text;
  }

  /** Whether the member is present (and then it must be {@code expected}). */
  private static boolean algorithm(JsonNode root, String name, String expected,
      boolean required) {
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw XksException.validation(name + " is required");
      }
      return false;
    }
    if (!value.isTextual() || !expected.equals(value.textValue())) {
      throw XksException.validation(name + " must be " + expected);
    }
    return true;
  }

  /** Standard Base64 with padding, RFC 4648 §4 (spec 1.0.2); null when optional and absent. */
  private static byte[] base64(JsonNode root, String name, boolean required) {
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw XksException.validation(name + " is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw XksException.validation(name + " must be a Base64 string");
    }
    String text = value.textValue();
    // Far beyond any limit: refuse before decoding.
    if (text.length() > 4 * (MAX_AAD_BYTES / 3 + 1) + 4) {
      throw new XksException(XksError.UNSUPPORTED_OPERATION, name + " is longer than this"
          + " proxy accepts");
    }
    if (text.length() % 4 != 0) {
      throw XksException.validation(name + " is not standard Base64 with padding");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw XksException.validation(name + " is not standard Base64 with padding");
    }
  }

  private static void limit(String name, byte[] value, int max) {
    if (value != null && value.length > max) {
      throw new XksException(XksError.UNSUPPORTED_OPERATION, name + " has " + value.length
          + " bytes; this proxy accepts at most " + max);
    }
  }
}
