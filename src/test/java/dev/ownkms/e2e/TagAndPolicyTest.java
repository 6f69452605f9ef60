package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/** Tags (kms-contract.md §2.24–2.26) and key policies (§2.27–2.28, kms-errors.md §7). */
class TagAndPolicyTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private final KmsClient kms = server.client();

  @Test
  void tagResource_addsAndReplacesAndUntagIgnoresMissingKeys() {
    String keyId = kms.createKey(r -> r.tags(tag("a", "1"))).keyMetadata().keyId();

    kms.tagResource(r -> r.keyId(keyId).tags(tag("a", "2"), tag("b", "")));
    kms.untagResource(r -> r.keyId(keyId).tagKeys("b", "never-there"));

    assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags()).containsExactly(tag("a", "2"));
  }

  @Test
  void tagResource_beyondFiftyTagsOnTheKey_isTooManyTags() {
    String keyId = kms.createKey(r -> r.tags(range(0, 50))).keyMetadata().keyId();

    kms.tagResource(r -> r.keyId(keyId).tags(tag("t0", "replaced")));
    expectError(() -> kms.tagResource(r -> r.keyId(keyId).tags(tag("one-more", "x"))),
        "TagException", "Too many tags");
  }

  @Test
  void listResourceTags_pagesAtMostFifty() {
    String keyId = kms.createKey(r -> r.tags(range(0, 50))).keyMetadata().keyId();

    ListResourceTagsResponse first = kms.listResourceTags(r -> r.keyId(keyId).limit(30));
    ListResourceTagsResponse second =
        kms.listResourceTags(r -> r.keyId(keyId).limit(30).marker(first.nextMarker()));

    assertThat(first.tags()).hasSize(30);
    assertThat(first.truncated()).isTrue();
    assertThat(second.tags()).hasSize(20);
    assertThat(second.truncated()).isFalse();
    assertThat(second.nextMarker()).isNull();
  }

  @Test
  void untagResource_reservedPrefix_isTagException() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.untagResource(r -> r.keyId(keyId).tagKeys("aws:x")), "TagException",
        "Tags beginning with aws: are reserved");
  }

  @Test
  void getKeyPolicy_ofANewKey_isAwsDefaultPolicyText() {
    KmsClient account = server.client("444455556666", "us-east-1");
    String keyId = account.createKey(r -> { }).keyMetadata().keyId();

    var policy = account.getKeyPolicy(r -> r.keyId(keyId));

    assertThat(policy.policyName()).isEqualTo("default");
    assertThat(policy.policy()).isEqualTo("""
        {
          "Version" : "2012-10-17",
          "Id" : "key-default-1",
          "Statement" : [ {
            "Sid" : "Enable IAM User Permissions",
            "Effect" : "Allow",
            "Principal" : {
              "AWS" : "arn:aws:iam::444455556666:root"
            },
            "Action" : "kms:*",
            "Resource" : "*"
          } ]
        }""");
    assertThat(account.listKeyPolicies(r -> r.keyId(keyId)).policyNames()).containsExactly("default");
  }

  @Test
  void putKeyPolicy_storesTheTextAsSent() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\","
        + "\"Resource\":\"*\"}]}";

    kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(policy));

    assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(policy);
  }

  @Test
  void putKeyPolicy_thatLocksTheAccountOut_isMalformedUnlessBypassed() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    String lockout = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::999999999999:root\"},\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}]}";

    expectError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(lockout)),
        "MalformedPolicyDocumentException",
        "The new key policy will not allow you to update the key policy in the future.");
    kms.putKeyPolicy(r -> r.keyId(keyId).policy(lockout).bypassPolicyLockoutSafetyCheck(true));
    assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(lockout);
  }

  @Test
  void putKeyPolicy_notJson_isMalformed() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy("{not json")),
        "MalformedPolicyDocumentException", null);
  }

  @Test
  void putKeyPolicy_over32Kilobytes_isLimitExceeded() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
    String big = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\","
        + "\"Sid\":\"" + "x".repeat(33_000) + "\"}]}";

    expectError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(big)),
        "LimitExceededException", null);
  }

  @Test
  void getKeyPolicy_otherPolicyName_isNotFound() {
    String keyId = kms.createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms.getKeyPolicy(r -> r.keyId(keyId).policyName("other")),
        "NotFoundException", null);
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().tagKey(key).tagValue(value).build();
  }

  private static Tag[] range(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> tag("t" + i, "v" + i)).toArray(Tag[]::new);
  }
}
