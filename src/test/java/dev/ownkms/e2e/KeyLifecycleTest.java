package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;

/** The life of a key through the AWS SDK for Java v2 (kms-contract.md §2.7–2.13). */
class KeyLifecycleTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private final KmsClient kms = server.client();

  @Test
  void createKey_withoutArguments_makesAnEnabledSymmetricKeyWithAwsDefaults() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();

    assertThat(key.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(key.arn())
        .isEqualTo("arn:aws:kms:us-east-1:" + TestServer.DEFAULT_ACCOUNT + ":key/" + key.keyId());
    assertThat(key.awsAccountId()).isEqualTo(TestServer.DEFAULT_ACCOUNT);
    assertThat(key.keyStateAsString()).isEqualTo("Enabled");
    assertThat(key.enabled()).isTrue();
    assertThat(key.description()).isEmpty();
    assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(key.customerMasterKeySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
    assertThat(key.keyUsageAsString()).isEqualTo("ENCRYPT_DECRYPT");
    assertThat(key.originAsString()).isEqualTo("AWS_KMS");
    assertThat(key.keyManagerAsString()).isEqualTo("CUSTOMER");
    assertThat(key.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
    assertThat(key.multiRegion()).isFalse();
    assertThat(key.deletionDate()).isNull();
    assertThat(key.customKeyStoreId()).isNull();
    assertThat(key.creationDate()).isCloseTo(server.clock().instant(), within(Duration.ofSeconds(1)));
  }

  @Test
  void createKey_withDescription_isDescribedByIdArnAliasAndAliasArn() {
    KeyMetadata created = kms.createKey(r -> r.description("payments")).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/payments").targetKeyId(created.keyId()));

    for (String id : List.of(created.keyId(), created.arn(), "alias/payments",
        "arn:aws:kms:us-east-1:" + TestServer.DEFAULT_ACCOUNT + ":alias/payments")) {
      KeyMetadata described = kms.describeKey(r -> r.keyId(id)).keyMetadata();
      assertThat(described).as(id).isEqualTo(created.toBuilder().description("payments").build());
    }
  }

  @Test
  void createKey_otherKeySpecs_areRefusedNamingTheSpec() {
    expectError(() -> kms.createKey(r -> r.keySpec("RSA_2048").keyUsage("SIGN_VERIFY")),
        "UnsupportedOperationException",
        "OwnKMS does not support KeySpec RSA_2048 yet; it creates SYMMETRIC_DEFAULT keys only.");
    expectError(() -> kms.createKey(r -> r.keySpec("HMAC_256").keyUsage("GENERATE_VERIFY_MAC")),
        "UnsupportedOperationException",
        "OwnKMS does not support KeySpec HMAC_256 yet; it creates SYMMETRIC_DEFAULT keys only.");
  }

  @Test
  void createKey_inACustomKeyStoreThatDoesNotExist_isCustomKeyStoreNotFound() {
    expectError(() -> kms.createKey(r -> r.origin("AWS_CLOUDHSM").customKeyStoreId("cks-1234567890abcdef0")),
        "CustomKeyStoreNotFoundException", null);
  }

  @Test
  void disableAndEnable_changeStateAndEnabledFlag() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    kms.disableKey(r -> r.keyId(keyId));
    KeyMetadata disabled = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
    kms.disableKey(r -> r.keyId(keyId));
    kms.enableKey(r -> r.keyId(keyId));
    KeyMetadata enabled = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();

    assertThat(disabled.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(disabled.enabled()).isFalse();
    assertThat(enabled.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(enabled.enabled()).isTrue();
  }

  @Test
  void enableKey_byAlias_isNotAccepted() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/no-enable").targetKeyId(keyId));

    expectError(() -> kms.enableKey(r -> r.keyId("alias/no-enable")),
        "NotFoundException", "Invalid keyId 'alias/no-enable'");
  }

  @Test
  void updateKeyDescription_replacesTheDescription() {
    String keyId = kms.createKey(r -> r.description("old")).keyMetadata().keyId();

    kms.updateKeyDescription(r -> r.keyId(keyId).description("new"));

    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().description()).isEqualTo("new");
  }

  @Test
  void scheduleKeyDeletion_defaultsToThirtyDaysAndAnswersWithTheArn() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    Instant now = server.clock().instant();

    ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()));

    assertThat(scheduled.keyId()).isEqualTo(key.arn());
    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(scheduled.pendingWindowInDays()).isEqualTo(30);
    assertThat(scheduled.deletionDate()).isCloseTo(now.plus(Duration.ofDays(30)), within(Duration.ofSeconds(1)));
    KeyMetadata described = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
    assertThat(described.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(described.enabled()).isFalse();
    assertThat(described.deletionDate()).isEqualTo(scheduled.deletionDate());
  }

  @Test
  void scheduleKeyDeletion_outsideSevenToThirtyDays_isRefusedWithAwsText() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    for (int days : new int[] {1, 6, 31, 365}) {
      expectError(() -> kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(days)),
          "ValidationException", "PendingWindowInDays must be between 7 and 30");
    }
    expectError(() -> kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(366)),
        "ValidationException", "1 validation error detected: Value '366' at 'pendingWindowInDays'"
            + " failed to satisfy constraint: Member must have value less than or equal to 365");
  }

  @Test
  void pendingDeletionKey_refusesChangesButCanBeDescribedAndCancelled() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    String pending = key.arn() + " is pending deletion.";

    expectError(() -> kms.enableKey(r -> r.keyId(key.keyId())), "KMSInvalidStateException", pending);
    expectError(() -> kms.disableKey(r -> r.keyId(key.keyId())), "KMSInvalidStateException", pending);
    expectError(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId())),
        "KMSInvalidStateException", pending);
    expectError(() -> kms.tagResource(r -> r.keyId(key.keyId()).tags(t -> t.tagKey("a").tagValue("b"))),
        "KMSInvalidStateException", pending);
    expectError(() -> kms.createAlias(r -> r.aliasName("alias/late").targetKeyId(key.keyId())),
        "KMSInvalidStateException", pending);
    assertThat(kms.getKeyPolicy(r -> r.keyId(key.keyId())).policy()).isNotBlank();

    assertThat(kms.cancelKeyDeletion(r -> r.keyId(key.keyId())).keyId()).isEqualTo(key.arn());
    KeyMetadata cancelled = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
    assertThat(cancelled.keyState()).isEqualTo(KeyState.DISABLED);
    assertThat(cancelled.deletionDate()).isNull();
    expectError(() -> kms.cancelKeyDeletion(r -> r.keyId(key.keyId())),
        "KMSInvalidStateException", key.arn() + " is not pending deletion.");
  }

  @Test
  void deletionWindowEnd_deletesTheKeyWithItsAliasesAndTags() {
    KeyMetadata key = kms.createKey(r -> r.tags(t -> t.tagKey("team").tagValue("x"))).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/doomed").targetKeyId(key.keyId()));
    kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));

    server.clock().advance(Duration.ofDays(7).minusMinutes(1));
    server.assembly().reaper().reapDue();
    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_DELETION);

    server.clock().advance(Duration.ofMinutes(2));
    server.assembly().reaper().reapDue();
    expectError(() -> kms.describeKey(r -> r.keyId(key.keyId())),
        "NotFoundException", "Key '" + key.arn() + "' does not exist");
    expectError(() -> kms.describeKey(r -> r.keyId("alias/doomed")), "NotFoundException", null);
    assertThat(kms.listKeysPaginator(r -> { }).keys().stream().map(KeyListEntry::keyId))
        .doesNotContain(key.keyId());
  }

  @Test
  void listKeys_pagesThroughEveryKeyExactlyOnce() {
    KmsClient fresh = server.client("210987654321", "us-east-1");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(fresh.createKey(r -> { }).keyMetadata().keyId());
    }

    List<String> seen = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListKeysResponse page = fresh.listKeys(r -> r.limit(3).marker(m));
      page.keys().forEach(k -> seen.add(k.keyId()));
      assertThat(page.keys()).allSatisfy(k -> assertThat(k.keyArn()).endsWith(":key/" + k.keyId()));
      marker = page.truncated() ? page.nextMarker() : null;
      assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
      pages++;
    } while (marker != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void listKeys_withAForeignMarker_isInvalidMarker() {
    expectError(() -> kms.listKeys(r -> r.marker("not-a-marker")), "InvalidMarkerException", null);
  }

  @Test
  void accounts_seeOnlyTheirOwnKeys() {
    KmsClient alice = server.client("111111111111", "us-east-1");
    KmsClient bob = server.client("222222222222", "us-east-1");
    KeyMetadata alicesKey = alice.createKey(r -> { }).keyMetadata();

    assertThat(alicesKey.awsAccountId()).isEqualTo("111111111111");
    assertThat(bob.listKeys(r -> { }).keys()).isEmpty();
    expectError(() -> bob.describeKey(r -> r.keyId(alicesKey.keyId())), "NotFoundException",
        "Key 'arn:aws:kms:us-east-1:222222222222:key/" + alicesKey.keyId() + "' does not exist");
  }

  private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
    return new org.assertj.core.data.TemporalUnitWithinOffset(d.toMillis(), java.time.temporal.ChronoUnit.MILLIS);
  }
}
