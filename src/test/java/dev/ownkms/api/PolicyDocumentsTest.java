package dev.ownkms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Caller;
import dev.ownkms.error.KmsException.MalformedPolicyDocumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lockout safety check reads IAM wildcards, never regular expressions. */
class PolicyDocumentsTest {

  private static final Caller CALLER = new Caller("111122223333", "us-east-1");

  @ParameterizedTest(name = "{0} covers PutKeyPolicy: {1}")
  @CsvSource({
      "kms:*, true", "*, true", "kms:PutKeyPolicy, true", "kms:Put*, true",
      "kms:P?tKeyPolicy, true", "kms:*Policy, true", "kms:P.tKeyPolicy, false",
      "kms:Put[, false", "kms:Encrypt, false", "s3:*, false", "kms:PutKeyPolicyX, false"})
  void lockoutCheck_matchesActionsAsIamWildcards(String action, boolean allowed) {
    String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";

    if (allowed) {
      assertThatCode(() -> new PolicyDocuments().check(CALLER, policy, false))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> new PolicyDocuments().check(CALLER, policy, false))
          .isInstanceOf(MalformedPolicyDocumentException.class);
    }
  }

  @ParameterizedTest
  @CsvSource({"a*c, abc, true", "a*c, ac, true", "a*c, ab, false", "*, '', true",
      "a?c, abc, true", "a?c, ac, false", "**b, ab, true"})
  void globMatches(String pattern, String text, boolean matches) {
    assertThat(PolicyDocuments.globMatches(pattern, text)).isEqualTo(matches);
  }
}
