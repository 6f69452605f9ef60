package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.RecordedErrors;
import dev.ownkms.testing.RecordedErrors.Recorded;
import dev.ownkms.testing.TestServer;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Every error recorded from real AWS for the foundation's operations
 * (aws-recorded-errors.json: DescribeKey, CreateAlias, CreateKey, TagResource, GenerateRandom,
 * Encrypt, Decrypt, ReEncrypt, RotateKeyOnDemand), asserted exactly:
 * type, message (the recording's own text, placeholders filled) and HTTP 400.
 */
class RecordedErrorsTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  /** Account 111111111111, as in the recordings. */
  private final KmsClient kms = server.client("111111111111", "us-east-1");

  private static final String UNKNOWN_ID = "134f2428-cec1-4b25-a1ae-9048164dba47";

  @Test
  void describeKey_unknownKeyId_quotesTheArn() {
    expect("test_get_key_does_not_exist", "describe-nonexistent-key-with-id",
        Map.of("<key-arn>", arn("us-east-1", UNKNOWN_ID)),
        () -> kms.describeKey(r -> r.keyId(UNKNOWN_ID)));
  }

  @Test
  void describeKey_unknownKeyArn_quotesTheArn() {
    expect("test_get_key_does_not_exist", "describe-nonexistent-with-arn",
        Map.of("<key-arn>", arn("us-east-1", UNKNOWN_ID)),
        () -> kms.describeKey(r -> r.keyId(arn("us-east-1", UNKNOWN_ID))));
  }

  @Test
  void describeKey_unknownMultiRegionKeyId_quotesTheArn() {
    String mrk = "mrk-d3b95762d3b95762d3b95762d3b95762";
    expect("test_get_key_does_not_exist", "describe-key-with-valid-id-mrk",
        Map.of("<mrk-key-arn>", arn("us-east-1", mrk)),
        () -> kms.describeKey(r -> r.keyId(mrk)));
  }

  @Test
  void describeKey_malformedKeyIds_areInvalidKeyId() {
    expect("test_get_key_invalid_uuid", "describe-key-with-invalid-uuid", Map.of(),
        () -> kms.describeKey(r -> r.keyId("fake-key-id")));
    expect("test_get_key_invalid_uuid", "describe-key-with-invalid-uuid-2", Map.of(),
        () -> kms.describeKey(r -> r.keyId("134f2428cec14b25a1ae9048164dba47")));
    expect("test_get_key_invalid_uuid", "describe-key-with-invalid-uuid-mrk", Map.of(),
        () -> kms.describeKey(r -> r.keyId("mrk-fake-key-id")));
  }

  @Test
  void describeKey_byIdOfAKeyInAnotherRegion_doesNotExistInThisRegion() {
    KeyMetadata elsewhere = server.client("111111111111", "eu-west-1").createKey(r -> { })
        .keyMetadata();
    expect("test_get_key_in_different_region", "describe-key-diff-region-with-id",
        Map.of("<partition>", "aws", "<region>", "us-east-1", "<key-id:1>", elsewhere.keyId()),
        () -> kms.describeKey(r -> r.keyId(elsewhere.keyId())));
  }

  @Test
  void describeKey_byArnNamingAnotherRegion_isInvalidArn() {
    KeyMetadata elsewhere = server.client("111111111111", "eu-west-1").createKey(r -> { })
        .keyMetadata();
    expect("test_get_key_in_different_region", "describe-key-diff-region-with-arn",
        Map.of("<secondary-region>", "eu-west-1"),
        () -> kms.describeKey(r -> r.keyId(elsewhere.arn())));
  }

  @Test
  void describeKey_inARegionWhereTheKeyDoesNotLive_quotesThatRegionsArn() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    KmsClient singapore = server.client("111111111111", "ap-southeast-1");
    expect("test_replicate_key", "describe-key-from-different-region",
        Map.of("<partition>", "aws", "<key-id:1>", keyId),
        () -> singapore.describeKey(r -> r.keyId(keyId)));
  }

  @Test
  void createAlias_withoutAliasPrefix_isValidationError() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    expect("test_create_alias", "create_alias", Map.of(),
        () -> kms.createAlias(r -> r.aliasName("no-prefix-alias").targetKeyId(keyId)));
  }

  @Test
  void createKey_hmacWithoutKeyUsage_isValidationError() {
    expect("test_hmac_create_key_invalid_operations", "create-hmac-key-without-key-usage",
        Map.of(), () -> kms.createKey(r -> r.description("x").keySpec("HMAC_256")));
  }

  @Test
  void createKey_unknownKeySpec_listsTheRecordedEnum() {
    expect("test_hmac_create_key_invalid_operations", "create-hmac-key-invalid-spec", Map.of(),
        () -> kms.createKey(r -> r.description("x").keySpec("HMAC_random")));
  }

  @Test
  void createKey_unknownKeyUsage_listsTheRecordedEnum() {
    expect("test_hmac_create_key_invalid_operations", "create-hmac-key-invalid-key-usage",
        Map.of(), () -> kms.createKey(r -> r.description("x").keySpec("HMAC_256")
            .keyUsage("RANDOM")));
  }

  @Test
  void createKey_keyAgreementWithRsa_isIncompatible() {
    expect("test_derive_shared_secret", "response-invalid-key-spec", Map.of(),
        () -> kms.createKey(r -> r.keySpec("RSA_2048").keyUsage("KEY_AGREEMENT")));
  }

  @Test
  void createKey_with51Tags_isTooManyTags() {
    Tag[] tags = IntStream.range(0, 51)
        .mapToObj(i -> Tag.builder().tagKey("key" + i).tagValue("value" + i).build())
        .toArray(Tag[]::new);
    expect("test_create_key_with_too_many_tags_raises_error", "invalid-tag-key", Map.of(),
        () -> kms.createKey(r -> r.description("test key 123").keyUsage("ENCRYPT_DECRYPT")
            .tags(tags)));
  }

  @Test
  void createKey_withReservedTagPrefixInAnyCase_isTagException() {
    for (String param : new String[] {"lowercase_prefix", "uppercase_prefix"}) {
      String tagKey = param.startsWith("lower") ? "aws:key1" : "AWS:key1";
      expect("test_create_key_with_invalid_tag_key[" + param + "]", "invalid-tag-key", Map.of(),
          () -> kms.createKey(r -> r.description("test key 123").keyUsage("ENCRYPT_DECRYPT")
              .tags(t -> t.tagKey(tagKey).tagValue("value1"))));
    }
  }

  @Test
  void createKey_withTooLongTagKey_isValidationError() {
    expect("test_create_key_with_invalid_tag_key[too_long_key]", "invalid-tag-key", Map.of(),
        () -> kms.createKey(r -> r.description("test key 123").keyUsage("ENCRYPT_DECRYPT")
            .tags(t -> t.tagKey("a".repeat(129)).tagValue("value1"))));
  }

  @Test
  void createKey_withTooLongTagValue_isValidationError() {
    expect("test_key_with_long_tag_value_raises_error", "too-long-tag-value", Map.of(),
        () -> kms.createKey(r -> r.description("test key 123").keyUsage("ENCRYPT_DECRYPT")
            .tags(t -> t.tagKey("tag1").tagValue("v".repeat(257)))));
  }

  @Test
  void tagResource_withDuplicateKeys_isTagException() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    expect("test_tag_key_with_duplicate_tag_keys_raises_error", "duplicate-tag-keys", Map.of(),
        () -> kms.tagResource(r -> r.keyId(keyId).tags(
            Tag.builder().tagKey("tag1").tagValue("value1").build(),
            Tag.builder().tagKey("tag1").tagValue("another-value1").build())));
  }

  @Test
  void tagResource_withReservedPrefix_isTagException() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    expect("test_tag_existing_key_with_invalid_tag_key", "invalid-tag-key", Map.of(),
        () -> kms.tagResource(r -> r.keyId(keyId).tags(t -> t.tagKey("aws:key1")
            .tagValue("value1"))));
  }

  @Test
  void generateRandom_numberOfBytesMissingZeroOrTooMany_isValidationError() {
    expect("test_generate_random_invalid_number_of_bytes[None]", "generate-random-exc", Map.of(),
        () -> kms.generateRandom(r -> { }));
    expect("test_generate_random_invalid_number_of_bytes[0]", "generate-random-exc", Map.of(),
        () -> kms.generateRandom(r -> r.numberOfBytes(0)));
    expect("test_generate_random_invalid_number_of_bytes[1025]", "generate-random-exc", Map.of(),
        () -> kms.generateRandom(r -> r.numberOfBytes(1025)));
  }

  @Test
  void encrypt_plaintextOver4096Bytes_isValidationErrorWithoutTheValue() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    expect("test_plaintext_size_for_encrypt", "invalid-plaintext-size-encrypt", Map.of(),
        () -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[4097]))));
  }

  @Test
  void decrypt_withoutTheEncryptionContext_isInvalidCiphertext() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    SdkBytes encrypted = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
        .encryptionContext(Map.of("encryption", "context"))).ciphertextBlob();
    SdkBytes dataKey = kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
        .encryptionContext(Map.of("encryption", "context"))).ciphertextBlob();
    SdkBytes dataKeyOnly = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId)
        .numberOfBytes(32).encryptionContext(Map.of("encryption", "context"))).ciphertextBlob();
    expect("test_encrypt_decrypt_encryption_context",
        "decrypt_response_without_encryption_context", Map.of(),
        () -> kms.decrypt(r -> r.ciphertextBlob(encrypted)));
    expect("test_encryption_context_generate_data_key", "decrypt-without-encryption-context",
        Map.of(), () -> kms.decrypt(r -> r.ciphertextBlob(dataKey)));
    expect("test_encryption_context_generate_data_key_without_plaintext",
        "decrypt-without-encryption-context", Map.of(),
        () -> kms.decrypt(r -> r.ciphertextBlob(dataKeyOnly)));
  }

  @Test
  void decrypt_truncatedOrExtendedCiphertext_isInvalidCiphertext() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    byte[] blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
        .ciphertextBlob().asByteArray();
    expect("test_encrypt_decrypt_encryption_context", "decrypt_response_with_invalid_ciphertext",
        Map.of(), () -> kms.decrypt(r -> r.ciphertextBlob(
            SdkBytes.fromByteArray(java.util.Arrays.copyOf(blob, blob.length - 2)))));
    kms.rotateKeyOnDemand(r -> r.keyId(keyId));
    byte[] extended = java.util.Arrays.copyOf(blob, blob.length + 8);
    System.arraycopy("bad_data".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, extended,
        blob.length, 8);
    expect("test_key_rotations_encryption_decryption", "bad-ciphertext", Map.of(),
        () -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(extended))));
  }

  @Test
  void reEncrypt_withTheWrongSourceKey_isIncorrectKey() {
    String first = kms.createKey(r -> { }).keyMetadata().keyId();
    String second = kms.createKey(r -> { }).keyMetadata().keyId();
    SdkBytes blob = kms.encrypt(r -> r.keyId(first).plaintext(SdkBytes.fromUtf8String("x")))
        .ciphertextBlob();
    expect("test_re_encrypt_incorrect_source_key", "incorrect-source-key", Map.of(),
        () -> kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceKeyId(second)
            .destinationKeyId(first)));
  }

  @Test
  void rotateKeyOnDemand_unknownKey_isNotFound() {
    String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    expect("test_rotate_key_on_demand_raises_error_given_key_that_does_not_exist",
        "error-response", Map.of("<key-arn>", arn("us-east-1", keyId)),
        () -> kms.rotateKeyOnDemand(r -> r.keyId(keyId)));
  }

  @Test
  void rotateKeyOnDemand_disabledKey_isDisabled() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.disableKey(r -> r.keyId(key.keyId()));
    expect("test_rotate_key_on_demand_raises_error_given_key_is_disabled", "error-response",
        Map.of("<key-arn>", key.arn()), () -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())));
  }

  @Test
  void rotateKeyOnDemand_eleventhTime_isLimitExceeded() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    for (int i = 0; i < 10; i++) {
      kms.rotateKeyOnDemand(r -> r.keyId(key.keyId()));
    }
    expect("test_key_rotations_limits", "error-response", Map.of("<key-arn>", key.arn()),
        () -> kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())));
  }

  private static void expect(String test, String snapshotKey, Map<String, String> placeholders,
      ThrowingCallable call) {
    Recorded recorded = RecordedErrors.find(test, snapshotKey);
    assertThat(recorded.status()).isEqualTo(400);
    String message = recorded.message(placeholders);
    var error = expectError(call, recorded.type(), message.isEmpty() ? null : message);
    if (message.isEmpty()) {
      // AWS sent no message at all for these (kms-errors.md §2.1); neither do we.
      assertThat(error.awsErrorDetails().errorMessage()).isNull();
    }
  }

  private static String arn(String region, String keyId) {
    return "arn:aws:kms:" + region + ":111111111111:key/" + keyId;
  }
}
