package dev.ownkms.keystore.xks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The four request bodies as compact JSON (xks.md §1.3–§1.7); binary values as standard Base64
 * with padding. Encrypt always asks for the integrity value ({@code SHA_256}).
 */
final class XksRequests {

  private static final ObjectMapper JSON = XksJson.MAPPER;
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private XksRequests() {}

  static byte[] health(XksCallContext context) {
    ObjectNode metadata = JSON.createObjectNode()
        .put("kmsRequestId", context.kmsRequestId())
        .put("kmsOperation", context.kmsOperation());
    return bytes(JSON.createObjectNode().set("requestMetadata", metadata));
  }

  static byte[] keyMetadata(XksCallContext context) {
    return bytes(JSON.createObjectNode().set("requestMetadata", metadata(context)));
  }

  static byte[] encrypt(byte[] plaintext, byte[] aad, XksCallContext context) {
    ObjectNode body = JSON.createObjectNode();
    body.set("requestMetadata", metadata(context));
    if (aad != null) {
      body.put("additionalAuthenticatedData", BASE64.encodeToString(aad));
    }
    return bytes(body.put("plaintext", BASE64.encodeToString(plaintext))
        .put("encryptionAlgorithm", "AES_GCM")
        .put("ciphertextDataIntegrityValueAlgorithm", "SHA_256"));
  }

  static byte[] decrypt(XksEncrypted encrypted, byte[] aad, XksCallContext context) {
    ObjectNode body = JSON.createObjectNode();
    body.set("requestMetadata", metadata(context));
    if (aad != null) {
      body.put("additionalAuthenticatedData", BASE64.encodeToString(aad));
    }
    if (encrypted.ciphertextMetadata() != null) {
      body.put("ciphertextMetadata", BASE64.encodeToString(encrypted.ciphertextMetadata()));
    }
    return bytes(body.put("ciphertext", BASE64.encodeToString(encrypted.ciphertext()))
        .put("encryptionAlgorithm", "AES_GCM")
        .put("initializationVector", BASE64.encodeToString(encrypted.initializationVector()))
        .put("authenticationTag", BASE64.encodeToString(encrypted.authenticationTag())));
  }

  /** The metadata of key calls; {@code kmsKeyArn} only when given (not on GetKeyMetadata). */
  private static ObjectNode metadata(XksCallContext context) {
    ObjectNode metadata = JSON.createObjectNode();
    if (context.awsPrincipalArn() != null) {
      metadata.put("awsPrincipalArn", context.awsPrincipalArn());
    }
    if (context.kmsKeyArn() != null) {
      metadata.put("kmsKeyArn", context.kmsKeyArn());
    }
    return metadata.put("kmsOperation", context.kmsOperation())
        .put("kmsRequestId", context.kmsRequestId());
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
