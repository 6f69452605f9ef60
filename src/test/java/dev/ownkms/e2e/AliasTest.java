package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;

/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases (kms-contract.md §2.20–2.23). */
class AliasTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private final KmsClient kms = server.client();

  @Test
  void createAlias_isListedWithArnTargetAndDates() {
    KeyMetadata key = kms.createKey(r -> { }).keyMetadata();

    kms.createAlias(r -> r.aliasName("alias/listed").targetKeyId(key.arn()));

    AliasListEntry entry = kms.listAliases(r -> r.keyId(key.keyId())).aliases().getFirst();
    assertThat(entry.aliasName()).isEqualTo("alias/listed");
    assertThat(entry.aliasArn())
        .isEqualTo("arn:aws:kms:us-east-1:" + TestServer.DEFAULT_ACCOUNT + ":alias/listed");
    assertThat(entry.targetKeyId()).isEqualTo(key.keyId());
    assertThat(entry.creationDate()).isEqualTo(entry.lastUpdatedDate()).isNotNull();
  }

  @Test
  void createAlias_twice_isAlreadyExists() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/twice").targetKeyId(keyId));

    expectError(() -> kms.createAlias(r -> r.aliasName("alias/twice").targetKeyId(keyId)),
        "AlreadyExistsException", "An alias with the name arn:aws:kms:us-east-1:"
            + TestServer.DEFAULT_ACCOUNT + ":alias/twice already exists");
  }

  @Test
  void createAlias_withColon_hasInvalidCharacters() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.createAlias(r -> r.aliasName("alias/Service:Test").targetKeyId(keyId)),
        "ValidationException", "alias/Service:Test contains invalid characters for an alias");
  }

  @Test
  void createAlias_breakingTheModelPattern_isConstraintViolation() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.createAlias(r -> r.aliasName("alias/with space").targetKeyId(keyId)),
        "ValidationException", "1 validation error detected: Value 'alias/with space' at"
            + " 'aliasName' failed to satisfy constraint: Member must satisfy regular expression"
            + " pattern: ^[a-zA-Z0-9:/_-]+$");
  }

  @Test
  void createAlias_targetingAnAlias_isRefused() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/first").targetKeyId(keyId));

    expectError(() -> kms.createAlias(r -> r.aliasName("alias/second").targetKeyId("alias/first")),
        "NotFoundException", "Invalid keyId 'alias/first'");
  }

  @Test
  void updateAlias_pointsAtTheNewKeyAndKeepsCreationDate() {
    String first = kms.createKey(r -> { }).keyMetadata().keyId();
    String second = kms.createKey(r -> { }).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/moving").targetKeyId(first));
    AliasListEntry before = kms.listAliases(r -> r.keyId(first)).aliases().getFirst();
    server.clock().advance(java.time.Duration.ofSeconds(5));

    kms.updateAlias(r -> r.aliasName("alias/moving").targetKeyId(second));

    assertThat(kms.describeKey(r -> r.keyId("alias/moving")).keyMetadata().keyId())
        .isEqualTo(second);
    AliasListEntry after = kms.listAliases(r -> r.keyId(second)).aliases().getFirst();
    assertThat(after.creationDate()).isEqualTo(before.creationDate());
    assertThat(after.lastUpdatedDate()).isAfter(before.lastUpdatedDate());
    assertThat(kms.listAliases(r -> r.keyId(first)).aliases()).isEmpty();
  }

  @Test
  void updateAlias_unknownAlias_isNotFound() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.updateAlias(r -> r.aliasName("alias/ghost").targetKeyId(keyId)),
        "NotFoundException", "Alias arn:aws:kms:us-east-1:" + TestServer.DEFAULT_ACCOUNT
            + ":alias/ghost is not found.");
  }

  @Test
  void updateAlias_toAKeyPendingDeletion_isInvalidState() {
    String first = kms.createKey(r -> { }).keyMetadata().keyId();
    KeyMetadata doomed = kms.createKey(r -> { }).keyMetadata();
    kms.createAlias(r -> r.aliasName("alias/stay").targetKeyId(first));
    kms.scheduleKeyDeletion(r -> r.keyId(doomed.keyId()).pendingWindowInDays(7));

    expectError(() -> kms.updateAlias(r -> r.aliasName("alias/stay").targetKeyId(doomed.keyId())),
        "KMSInvalidStateException", doomed.arn() + " is pending deletion.");
  }

  @Test
  void deleteAlias_removesOnlyTheAlias() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    kms.createAlias(r -> r.aliasName("alias/gone").targetKeyId(keyId));

    kms.deleteAlias(r -> r.aliasName("alias/gone"));

    expectError(() -> kms.deleteAlias(r -> r.aliasName("alias/gone")), "NotFoundException", null);
    assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
  }

  @Test
  void listAliases_pagesWithMarkers() {
    KmsClient fresh = server.client("333333333333", "us-east-1");
    String keyId = fresh.createKey(r -> { }).keyMetadata().keyId();
    for (int i = 0; i < 5; i++) {
      int n = i;
      fresh.createAlias(r -> r.aliasName("alias/page-" + n).targetKeyId(keyId));
    }

    List<String> names = new ArrayList<>();
    ListAliasesResponse page = fresh.listAliases(r -> r.limit(2));
    names.addAll(page.aliases().stream().map(AliasListEntry::aliasName).toList());
    while (page.truncated()) {
      String marker = page.nextMarker();
      page = fresh.listAliases(r -> r.limit(2).marker(marker));
      names.addAll(page.aliases().stream().map(AliasListEntry::aliasName).toList());
    }

    assertThat(names).containsExactly("alias/page-0", "alias/page-1", "alias/page-2",
        "alias/page-3", "alias/page-4");
  }

  @Test
  void listAliases_forAnUnknownKey_isNotFound() {
    expectError(() -> kms.listAliases(r -> r.keyId("134f2428-cec1-4b25-a1ae-9048164dba47")),
        "NotFoundException", "Key 'arn:aws:kms:us-east-1:" + TestServer.DEFAULT_ACCOUNT
            + ":key/134f2428-cec1-4b25-a1ae-9048164dba47' does not exist");
  }
}
