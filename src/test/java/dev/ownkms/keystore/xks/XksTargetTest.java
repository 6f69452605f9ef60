package dev.ownkms.keystore.xks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XksTargetTest {

  static XksTarget target(String secret) {
    return new XksTarget("cks-1", "https://localhost:8443", "/kms/xks/v1",
        "BETWEEN2TENAND3TENCHARACTERS", secret.getBytes(StandardCharsets.UTF_8), "us-east-1");
  }

  @Test
  void equality_comparesTheSecretBytes() {
    assertThat(target("secret-one")).isEqualTo(target("secret-one"))
        .hasSameHashCodeAs(target("secret-one")).isNotEqualTo(target("secret-two"));
  }

  @Test
  void toString_hidesTheSecret() {
    assertThat(target("PleaseReplaceThisWithSomeSecretOfLength43To64").toString())
        .doesNotContain("PleaseReplace").contains("(hidden)").contains("BETWEEN2TEN");
  }

  @Test
  void keyPath_percentEncodesOutsideTheUnreservedSet() {
    assertThat(XksClient.keyPath("a.b_c-9", "encrypt")).isEqualTo("/keys/a.b_c-9/encrypt");
    assertThat(XksClient.keyPath("a b/é", "metadata")).isEqualTo("/keys/a%20b%2F%C3%A9/metadata");
  }
}
