package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.InvalidArnException;
import dev.ownkms.error.KmsException.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key identifier forms and the failures parsing alone decides (kms-errors.md §5). */
class KeyReferenceTest {

  private static final Caller CALLER = new Caller("111122223333", "us-east-1");
  private static final String ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void keyIdAndKeyArn_nameTheCallersKey() {
    assertThat(KeyReference.keyOnly(CALLER, ID)).isEqualTo(new KeyReference.ById(CALLER, ID));
    assertThat(KeyReference.keyOnly(CALLER, "arn:aws:kms:us-east-1:111122223333:key/" + ID))
        .isEqualTo(new KeyReference.ById(CALLER, ID));
  }

  @Test
  void arnsOfAnotherAccount_nameNothingTheCallerHas() {
    assertThatThrownBy(() -> KeyReference.keyOrAlias(CALLER,
        "arn:aws:kms:us-east-1:444455556666:key/" + ID))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Key 'arn:aws:kms:us-east-1:444455556666:key/" + ID + "' does not exist");
    assertThatThrownBy(() -> KeyReference.keyOrAlias(CALLER,
        "arn:aws:kms:us-east-1:444455556666:alias/a"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Alias arn:aws:kms:us-east-1:444455556666:alias/a is not found.");
  }

  @Test
  void aliasNameAndAliasArn_nameAnAlias_whereAliasesAreAllowed() {
    assertThat(KeyReference.keyOrAlias(CALLER, "alias/a"))
        .isEqualTo(new KeyReference.ByAlias(CALLER, "alias/a"));
    assertThat(KeyReference.keyOrAlias(CALLER, "arn:aws:kms:us-east-1:111122223333:alias/a"))
        .isEqualTo(new KeyReference.ByAlias(CALLER, "alias/a"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      fake-key-id                                   | Invalid keyId 'fake-key-id'
      1234ABCD-12AB-34CD-56EF-1234567890AB          | Invalid keyId '1234ABCD-12AB-34CD-56EF-1234567890AB'
      mrk-fake-key-id                               | Invalid keyId 'mrk-fake-key-id'
      alias/a                                       | Invalid keyId 'alias/a'
      arn:aws:kms:us-east-1:111122223333:alias/a    | Invalid keyId 'arn:aws:kms:us-east-1:111122223333:alias/a'
      arn:aws:kms:us-east-1:111122223333:key/alias/aws/sqs | Invalid keyId alias/aws/sqs
      arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab | Invalid arn eu-west-1
      """)
  void keyOnly_refusesWithAwsText(String text, String message) {
    assertThatThrownBy(() -> KeyReference.keyOnly(CALLER, text))
        .isInstanceOf(NotFoundException.class).hasMessage(message);
  }

  @Test
  void arnOfAnotherService_isInvalidArn() {
    assertThatThrownBy(() -> KeyReference.keyOrAlias(CALLER, "arn:aws:s3:::bucket"))
        .isInstanceOf(InvalidArnException.class);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "1234abcd-12ab-34cd-56ef-1234567890ab, true",
      "mrk-1234abcd12ab34cd56ef1234567890ab, true",
      "mrk-1234abcd12ab34cd56ef1234567890aB, false",
      "mrk-1234abcd-12ab-34cd-56ef-12345678, false",
      "1234abcd-12ab-34cd-56ef-1234567890a, false",
      "1234abcd-12ab-34cd-56ef-1234567890abc, false",
      "1234abcd_12ab-34cd-56ef-1234567890ab, false",
      "1234abcg-12ab-34cd-56ef-1234567890ab, false",
  })
  void keyIdShape(String text, boolean keyId) {
    org.assertj.core.api.Assertions.assertThat(KeyReference.isKeyId(text)).isEqualTo(keyId);
  }
}
