package dev.ownkms.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.ValidationException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Coral validation message format of kms-errors.md §4. */
class ViolationsTest {

  @Test
  void noViolation_throwsNothing() {
    assertThatCode(() -> new Violations().length("keyId", "abc", 1, 2048).throwIfAny())
        .doesNotThrowAnyException();
  }

  @Test
  void oneViolation_isSingular() {
    Violations v = new Violations().range("numberOfBytes", 0, 1, 1024);

    assertThatThrownBy(v::throwIfAny).isInstanceOf(ValidationException.class).hasMessage(
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint:"
            + " Member must have value greater than or equal to 1");
  }

  @Test
  void severalViolations_areCountedAndJoined() {
    Violations v = new Violations();
    v.required("keyId", null);
    v.pattern("aliasName", "a b", Pattern.compile("^[a-z]+$"), "^[a-z]+$");

    assertThatThrownBy(v::throwIfAny).hasMessage("2 validation errors detected: Value null at"
        + " 'keyId' failed to satisfy constraint: Member must not be null; Value 'a b' at"
        + " 'aliasName' failed to satisfy constraint: Member must satisfy regular expression"
        + " pattern: ^[a-z]+$");
  }

  @Test
  void sensitiveAndBlobValues_areNeverEchoed() {
    Violations v = new Violations().sensitiveLength("keyStorePassword", "secret!", 8, 32)
        .blobLength("plaintext", new byte[4097], 1, 4096);

    assertThatThrownBy(v::throwIfAny).hasMessage("2 validation errors detected: Value at"
        + " 'keyStorePassword' failed to satisfy constraint: Member must have length greater than"
        + " or equal to 8; Value at 'plaintext' failed to satisfy constraint: Member must have"
        + " length less than or equal to 4096").message().doesNotContain("secret!");
  }

  @Test
  void enumViolation_listsValuesAsRecorded() {
    WireEnum usage = WireEnum.recorded(List.of("A", "B", "C"), List.of("B", "A"));

    assertThatThrownBy(() -> new Violations().oneOf("keyUsage", "X", usage).throwIfAny())
        .hasMessage("1 validation error detected: Value 'X' at 'keyUsage' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [B, A]");
    assertThatCode(() -> new Violations().oneOf("keyUsage", "C", usage).throwIfAny())
        .doesNotThrowAnyException();
  }

  @Test
  void hugeValues_areEchoedOnlyUpToTheCap() {
    String huge = "d".repeat(Violations.MAX_ECHO + 10);

    assertThatThrownBy(() -> new Violations().length("description", huge, 0, 8192).throwIfAny())
        .hasMessage("1 validation error detected: Value '" + "d".repeat(Violations.MAX_ECHO)
            + "...' at 'description' failed to satisfy constraint: Member must have length less"
            + " than or equal to 8192");
  }
}
