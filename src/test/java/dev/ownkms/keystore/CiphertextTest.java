package dev.ownkms.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.InvalidCiphertextException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The version-1 blob layout of docs/ciphertext-format.md. */
class CiphertextTest {

  private static final UUID KEY = UUID.fromString("1234abcd-12ab-34cd-56ef-1234567890ab");

  private final Ciphertext sample = new Ciphertext(KEY, 7, filled(16, 1), filled(12, 2),
      filled(20, 3));

  @Test
  void toBytesThenParse_isTheSameCiphertext() {
    byte[] blob = sample.toBytes();

    assertThat(blob).hasSize(49 + 20);
    assertThat(blob[0]).isEqualTo(Ciphertext.VERSION);
    assertThat(Ciphertext.parse(blob)).isEqualTo(sample);
    assertThat(Ciphertext.parse(blob).keyId()).isEqualTo(KEY);
    assertThat(Ciphertext.parse(blob).backingKeyVersion()).isEqualTo(7);
  }

  @Test
  void header_isTheFirst49BytesOfTheBlob() {
    assertThat(sample.header()).isEqualTo(Arrays.copyOf(sample.toBytes(), 49));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 48, 49, 64})
  void tooShortBlobs_areInvalidCiphertext(int length) {
    assertThatThrownBy(() -> Ciphertext.parse(Arrays.copyOf(sample.toBytes(), length)))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void unknownVersionOrVersionZeroOrOversizedBlobs_areInvalidCiphertext() {
    byte[] otherVersion = sample.toBytes();
    otherVersion[0] = 2;
    byte[] versionZero = new Ciphertext(KEY, 0, filled(16, 1), filled(12, 2), filled(20, 3))
        .toBytes();

    assertThatThrownBy(() -> Ciphertext.parse(otherVersion))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> Ciphertext.parse(versionZero))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> Ciphertext.parse(new byte[6145]))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void toString_showsNoCiphertextBytes() {
    assertThat(sample.toString()).doesNotContain("[B@").contains(KEY.toString());
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
