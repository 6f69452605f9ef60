package dev.ownkms.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/** A restart on the same data directory reopens everything: keys, states, aliases, tags, policies. */
class RestartPersistenceTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  @Test
  void everythingSurvivesARestart() throws Exception {
    KeyMetadata kept = server.client().createKey(r -> r.description("kept")
        .tags(Tag.builder().tagKey("team").tagValue("payments").build())).keyMetadata();
    KeyMetadata disabled = server.client().createKey(r -> { }).keyMetadata();
    KeyMetadata pending = server.client().createKey(r -> { }).keyMetadata();
    server.client().disableKey(r -> r.keyId(disabled.keyId()));
    server.client().scheduleKeyDeletion(r -> r.keyId(pending.keyId()).pendingWindowInDays(9));
    server.client().createAlias(r -> r.aliasName("alias/kept").targetKeyId(kept.keyId()));
    String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    server.client().putKeyPolicy(r -> r.keyId(kept.keyId()).policy(policy));
    KeyMetadata pendingBefore = server.client().describeKey(r -> r.keyId(pending.keyId()))
        .keyMetadata();

    server.restart();

    var kms = server.client();
    assertThat(kms.describeKey(r -> r.keyId("alias/kept")).keyMetadata())
        .isEqualTo(kept);
    assertThat(kms.describeKey(r -> r.keyId(disabled.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
    assertThat(kms.describeKey(r -> r.keyId(pending.keyId())).keyMetadata())
        .isEqualTo(pendingBefore);
    assertThat(kms.listResourceTags(r -> r.keyId(kept.keyId())).tags())
        .containsExactly(Tag.builder().tagKey("team").tagValue("payments").build());
    assertThat(kms.listAliases(r -> r.keyId(kept.keyId())).aliases())
        .extracting(AliasListEntry::aliasName).containsExactly("alias/kept");
    assertThat(kms.getKeyPolicy(r -> r.keyId(kept.keyId())).policy()).isEqualTo(policy);
    assertThat(kms.listKeys(r -> { }).keys()).hasSize(3);
  }
}
