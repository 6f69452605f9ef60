package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.KMSInvalidStateException;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The KeyState × operation table of kms-contract.md §1.3, row by row. */
class KmsKeyTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Caller OWNER = new Caller("111122223333", "us-east-1");
  private static final String ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/" + ID;

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      enable           | ENABLED          | Enabled
      enable           | DISABLED         | Enabled
      enable           | PENDING_DELETION | is pending deletion.
      enable           | PENDING_IMPORT   | is pending import.
      enable           | CREATING         | is creating.
      enable           | UPDATING         | is updating.
      disable          | ENABLED          | Disabled
      disable          | DISABLED         | Disabled
      disable          | PENDING_DELETION | is pending deletion.
      disable          | PENDING_IMPORT   | is pending import.
      schedule         | ENABLED          | PendingDeletion
      schedule         | DISABLED         | PendingDeletion
      schedule         | PENDING_IMPORT   | PendingDeletion
      schedule         | UNAVAILABLE      | PendingDeletion
      schedule         | CREATING         | PendingDeletion
      schedule         | PENDING_DELETION | is pending deletion.
      schedule         | UPDATING         | is updating.
      cancel           | PENDING_DELETION | Disabled
      cancel           | ENABLED          | is not pending deletion.
      cancel           | DISABLED         | is not pending deletion.
      cancel           | UNAVAILABLE      | is not pending deletion.
      describe         | PENDING_DELETION | is pending deletion.
      describe         | DISABLED         | Disabled
      """)
  void transition(String operation, KeyState from, String outcome) {
    KmsKey key = key(from);
    UnaryOperator<KmsKey> change = switch (operation) {
      case "enable" -> KmsKey::enable;
      case "disable" -> KmsKey::disable;
      case "schedule" -> k -> k.scheduleDeletion(NOW.plusSeconds(86_400 * 7));
      case "cancel" -> KmsKey::cancelDeletion;
      case "describe" -> k -> k.withDescription("new");
      default -> throw new IllegalArgumentException(operation);
    };

    if (outcome.startsWith("is ")) {
      assertThatThrownBy(() -> change.apply(key))
          .isInstanceOf(KMSInvalidStateException.class)
          .hasMessage(ARN + " " + outcome);
    } else {
      KmsKey changed = change.apply(key);
      assertThat(changed.state().wireName()).isEqualTo(outcome);
      assertThat(changed.deletionDate() != null)
          .isEqualTo(changed.state() == KeyState.PENDING_DELETION);
    }
  }

  private static KmsKey key(KeyState state) {
    return new KmsKey(ID, OWNER, NOW, "", KeySpec.SYMMETRIC_DEFAULT, KeyUsage.ENCRYPT_DECRYPT,
        Origin.AWS_KMS, state, state == KeyState.PENDING_DELETION ? NOW : null, null,
        new MaterialState(1, "a".repeat(64), null, null, 0));
  }
}
