package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretTest {

  @Test
  void toString_neverShowsTheText() {
    Secret secret = Secret.of("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    assertThat(secret.toString()).isEqualTo("***");
    assertThat("key " + secret).isEqualTo("key ***");
  }

  @Test
  void revealUtf8_returnsTheTextIncludingNonAscii() {
    assertThat(Secret.of("pässwörd ✓").revealUtf8()).isEqualTo("pässwörd ✓");
  }

  @Test
  void equals_sameText_isTrueWithEqualHashCodes() {
    Secret one = Secret.of("secret");
    Secret two = Secret.of("secret");

    assertThat(one).isEqualTo(two);
    assertThat(one.hashCode()).isEqualTo(two.hashCode());
  }

  @ParameterizedTest(name = "''{0}'' vs ''{1}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      secret  | secreT
      secret  | secrets
      secret  | ""
      secret  | Secret
      """)
  void equals_differentText_isFalse(String a, String b) {
    assertThat(Secret.of(a)).isNotEqualTo(Secret.of(b));
  }

  @Test
  void equals_otherType_isFalse() {
    assertThat(Secret.of("secret")).isNotEqualTo("secret");
  }

  @Test
  void of_null_isRefused() {
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
  }
}
