package dev.ownkms.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

  private static final String NAME = "OWNKMS_NATIVE_ENVIRONMENT_TEST";

  @Test
  void withVariable_setsItForTheActionAndRemovesItAfter() {
    assertThat(NativeEnvironment.get(NAME)).isEmpty();

    Optional<String> seen = NativeEnvironment.withVariable(NAME, "inside",
        () -> NativeEnvironment.get(NAME));

    assertThat(seen).contains("inside");
    assertThat(NativeEnvironment.get(NAME)).isEmpty();
  }

  @Test
  void withVariable_putsBackTheOldValue() {
    NativeEnvironment.withVariable(NAME, "outer", () -> {
      Optional<String> inner = NativeEnvironment.withVariable(NAME, "inner",
          () -> NativeEnvironment.get(NAME));

      assertThat(inner).contains("inner");
      assertThat(NativeEnvironment.get(NAME)).contains("outer");
      return null;
    });
  }

  @Test
  void get_seesWhatTheProcessStartedWith() {
    assertThat(NativeEnvironment.get("PATH")).contains(System.getenv("PATH"));
  }
}
