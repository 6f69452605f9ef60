package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, GenerateRandom through the SDK for Java v2. */
class CryptoTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private final KmsClient kms = server.client();

  private static final SdkBytes SECRET = SdkBytes.fromString("attack at dawn", StandardCharsets.UTF_8);

  @Test
  void encryptThenDecrypt_withAndWithoutKeyId_returnsThePlaintext() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/crypto").targetKeyId(key.keyId()));

    EncryptResponse encrypted = kms.encrypt(r -> r.keyId("alias/crypto").plaintext(SECRET));
    DecryptResponse withoutKeyId = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()));
    DecryptResponse withKeyId = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
        .keyId(key.arn()));

    assertThat(encrypted.keyId()).isEqualTo(key.arn());
    assertThat(encrypted.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(encrypted.ciphertextBlob().asByteArray()).hasSize(SECRET.asByteArray().length + 65);
    for (DecryptResponse decrypted : new DecryptResponse[] {withoutKeyId, withKeyId}) {
      assertThat(decrypted.plaintext()).isEqualTo(SECRET);
      assertThat(decrypted.keyId()).isEqualTo(key.arn());
      assertThat(decrypted.keyMaterialId()).isEqualTo(key.currentKeyMaterialId()).hasSize(64);
    }
  }

  @Test
  void encryptionContext_isAuthenticatedAndItsOrderDoesNotMatter() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    Map<String, String> context = new LinkedHashMap<>();
    context.put("purpose", "test");
    context.put("app", "ownkms");
    Map<String, String> reordered = new LinkedHashMap<>();
    reordered.put("app", "ownkms");
    reordered.put("purpose", "test");
    SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SECRET).encryptionContext(context))
        .ciphertextBlob();

    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(reordered)).plaintext())
        .isEqualTo(SECRET);
    expectError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "InvalidCiphertextException", null);
    expectError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)
        .encryptionContext(Map.of("purpose", "test", "app", "OwnKMS"))),
        "InvalidCiphertextException", null);
  }

  @Test
  void invalidCiphertext_hasNoMessage() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    byte[] blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SECRET)).ciphertextBlob().asByteArray();

    var error = expectError(() -> kms.decrypt(r -> r.ciphertextBlob(
        SdkBytes.fromByteArray(Arrays.copyOf(blob, blob.length - 1)))),
        "InvalidCiphertextException", null);
    assertThat(error.awsErrorDetails().errorMessage()).isNull();
  }

  @Test
  void decrypt_everyFlippedByte_isInvalidCiphertext() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    byte[] blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
        .ciphertextBlob().asByteArray();

    for (int i = 0; i < blob.length; i++) {
      byte[] tampered = blob.clone();
      tampered[i] ^= 0x01;
      expectError(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered))),
          "InvalidCiphertextException", null);
    }
  }

  @Test
  void decrypt_withAnotherKeysId_isIncorrectKey() {
    String first = kms.createKey(r -> { }).keyMetadata().keyId();
    String second = kms.createKey(r -> { }).keyMetadata().keyId();
    SdkBytes blob = kms.encrypt(r -> r.keyId(first).plaintext(SECRET)).ciphertextBlob();

    expectError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(second)),
        "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.");
  }

  @Test
  void decrypt_byAnotherAccount_isInvalidCiphertext() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SECRET)).ciphertextBlob();
    KmsClient stranger = server.client("999988887777", "us-east-1");

    expectError(() -> stranger.decrypt(r -> r.ciphertextBlob(blob)), "InvalidCiphertextException",
        null);
  }

  @Test
  void disabledAndPendingDeletionKeys_refuseCrypto() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SECRET)).ciphertextBlob();

    kms.disableKey(r -> r.keyId(key.keyId()));
    expectError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SECRET)),
        "DisabledException", key.arn() + " is disabled.");
    expectError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "DisabledException",
        key.arn() + " is disabled.");
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    expectError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
        "KMSInvalidStateException", key.arn() + " is pending deletion.");
  }

  @Test
  void dryRun_runsTheChecksAndAnswersDryRunOperation() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    String dryRun = "The request would have succeeded, but the DryRun option is set.";

    expectError(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SECRET).dryRun(true)),
        "DryRunOperationException", dryRun);
    SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SECRET)).ciphertextBlob();
    expectError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).dryRun(true)),
        "DryRunOperationException", dryRun);
    expectError(() -> kms.encrypt(r -> r.keyId("alias/missing").plaintext(SECRET).dryRun(true)),
        "NotFoundException", null);
  }

  @Test
  void generateDataKey_plaintextDecryptsFromItsCiphertext() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    GenerateDataKeyResponse aes256 = kms.generateDataKey(r -> r.keyId(keyId)
        .keySpec(DataKeySpec.AES_256).encryptionContext(Map.of("k", "v")));
    GenerateDataKeyResponse aes128 = kms.generateDataKey(r -> r.keyId(keyId)
        .keySpec(DataKeySpec.AES_128));
    GenerateDataKeyResponse bytes7 = kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(7));

    assertThat(aes256.plaintext().asByteArray()).hasSize(32);
    assertThat(aes128.plaintext().asByteArray()).hasSize(16);
    assertThat(bytes7.plaintext().asByteArray()).hasSize(7);
    assertThat(kms.decrypt(r -> r.ciphertextBlob(aes256.ciphertextBlob())
        .encryptionContext(Map.of("k", "v"))).plaintext()).isEqualTo(aes256.plaintext());
    assertThat(aes256.keyMaterialId()).hasSize(64);
  }

  @Test
  void generateDataKey_needsExactlyOneOfKeySpecAndNumberOfBytes() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.generateDataKey(r -> r.keyId(keyId)), "ValidationException", null);
    expectError(() -> kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)
        .keySpec(DataKeySpec.AES_256)), "ValidationException", null);
  }

  @Test
  void generateDataKeyWithoutPlaintext_givesOnlyTheCiphertext() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    var response = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(keyId)
        .keySpec(DataKeySpec.AES_256));

    assertThat(kms.decrypt(r -> r.ciphertextBlob(response.ciphertextBlob())).plaintext()
        .asByteArray()).hasSize(32);
  }

  @Test
  void reEncrypt_movesACiphertextToAnotherKeyAndContext() {
    KeyMetadata source = kms.createKey(r -> { }).keyMetadata();
    KeyMetadata destination = kms.createKey(r -> { }).keyMetadata();
    SdkBytes blob = kms.encrypt(r -> r.keyId(source.keyId()).plaintext(SECRET)
        .encryptionContext(Map.of("a", "1"))).ciphertextBlob();

    ReEncryptResponse moved = kms.reEncrypt(r -> r.ciphertextBlob(blob)
        .sourceEncryptionContext(Map.of("a", "1")).destinationKeyId(destination.keyId())
        .destinationEncryptionContext(Map.of("b", "2")));

    assertThat(moved.sourceKeyId()).isEqualTo(source.arn());
    assertThat(moved.keyId()).isEqualTo(destination.arn());
    assertThat(moved.sourceKeyMaterialId()).isEqualTo(source.currentKeyMaterialId());
    assertThat(moved.destinationKeyMaterialId()).isEqualTo(destination.currentKeyMaterialId());
    DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob())
        .encryptionContext(Map.of("b", "2")));
    assertThat(decrypted.plaintext()).isEqualTo(SECRET);
    assertThat(decrypted.keyId()).isEqualTo(destination.arn());
  }

  @Test
  void generateRandom_givesTheRequestedNumberOfBytes() {
    byte[] a = kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray();
    byte[] b = kms.generateRandom(r -> r.numberOfBytes(1024)).plaintext().asByteArray();

    assertThat(a).hasSize(1024).isNotEqualTo(b);
    assertThat(kms.generateRandom(r -> r.numberOfBytes(1)).plaintext().asByteArray()).hasSize(1);
  }

  @Test
  void encrypt_withAnAsymmetricAlgorithm_isInvalidKeyUsage() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SECRET)
        .encryptionAlgorithm("RSAES_OAEP_SHA_256")), "InvalidKeyUsageException", null);
  }

  @Test
  void warmKey_isServedOnTheEventLoopWithoutBlocking() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/warm").targetKeyId(keyId));
    SdkBytes blob = kms.encrypt(r -> r.keyId("alias/warm").plaintext(SECRET)).ciphertextBlob();
    kms.decrypt(r -> r.ciphertextBlob(blob));
    var stats = server.assembly().executionStats();
    long movedBefore = stats.movedOffEventLoop();
    long servedBefore = stats.servedOnEventLoop();

    for (int i = 0; i < 10; i++) {
      kms.encrypt(r -> r.keyId("alias/warm").plaintext(SECRET));
      kms.decrypt(r -> r.ciphertextBlob(blob));
      kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256));
      kms.describeKey(r -> r.keyId(keyId));
    }

    assertThat(stats.movedOffEventLoop()).isEqualTo(movedBefore);
    assertThat(stats.servedOnEventLoop()).isEqualTo(servedBefore + 40);
  }

  @Test
  void keyStateChanges_areSeenAtOnceDespiteTheCache() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SECRET));

    kms.disableKey(r -> r.keyId(key.keyId()));
    expectError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SECRET)),
        "DisabledException", key.arn() + " is disabled.");
    kms.enableKey(r -> r.keyId(key.keyId()));
    assertThat(kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SECRET)).keyId()).isEqualTo(key.arn());
  }

  @Test
  void describeKey_showsTheCurrentKeyMaterialId() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();

    assertThat(key.currentKeyMaterialId()).matches("[0-9a-f]{64}");
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().currentKeyMaterialId())
        .isEqualTo(key.currentKeyMaterialId());
  }
}
