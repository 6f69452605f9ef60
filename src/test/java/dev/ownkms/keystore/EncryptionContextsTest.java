package dev.ownkms.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical encryption context: order-free, unambiguous, strict about Unicode. */
class EncryptionContextsTest {

  @Test
  void pairOrder_doesNotChangeTheEncoding() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(EncryptionContexts.canonical(ab)).isEqualTo(EncryptionContexts.canonical(ba));
  }

  @Test
  void absentAndEmptyContexts_areTheSame() {
    assertThat(EncryptionContexts.canonical(null)).isEqualTo(EncryptionContexts.canonical(Map.of()));
  }

  @Test
  void contextsThatConcatenateAlike_encodeDifferently() {
    assertThat(EncryptionContexts.canonical(Map.of("ab", "c")))
        .isNotEqualTo(EncryptionContexts.canonical(Map.of("a", "bc")));
    assertThat(EncryptionContexts.canonical(Map.of("a", "")))
        .isNotEqualTo(EncryptionContexts.canonical(Map.of()));
  }

  @Test
  void keysAreSortedByUtf8BytesNotUtf16() {
    // U+1F600 (UTF-16 D83D DE00, UTF-8 F0 ..) sorts before U+FB01 (UTF-8 EF AC 81) in UTF-16
    // but after it in UTF-8: the documented order puts U+FB01 first.
    Map<String, String> context = new LinkedHashMap<>();
    context.put("\uFB01", "x");
    context.put("\uD83D\uDE00", "y");
    byte[] encoded = EncryptionContexts.canonical(context);

    assertThat(encoded[8]).isEqualTo((byte) 0xEF);
  }

  @Test
  void loneSurrogatesAndNulls_areNotWellFormed() {
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("a", null);

    assertThat(EncryptionContexts.wellFormed(Map.of("a", "\uD800"))).isFalse();
    assertThat(EncryptionContexts.wellFormed(Map.of("\uDC00", "a"))).isFalse();
    assertThat(EncryptionContexts.wellFormed(withNull)).isFalse();
    assertThat(EncryptionContexts.wellFormed(Map.of("a", "\uD83D\uDE00"))).isTrue();
  }
}
