package dev.ownkms.keystore.xks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.InvalidCiphertextException;
import dev.ownkms.keystore.EncryptionContexts;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExternalCiphertextTest {

  private static final UUID KEY = UUID.fromString("1234abcd-12ab-34cd-56ef-1234567890ab");

  @Test
  void roundTrip_keepsEveryFieldOfTheProxyAnswer() {
    XksEncrypted outer = new XksEncrypted(bytes(97, 1), bytes(16, 2), bytes(16, 3),
        "key_version=1".getBytes());
    byte[] blob = new ExternalCiphertext(KEY, outer).toBytes();

    assertThat(blob[0]).isEqualTo(ExternalCiphertext.VERSION);
    assertThat(blob).hasSize(1 + 16 + 1 + 16 + 16 + 1 + 13 + 97);
    ExternalCiphertext parsed = ExternalCiphertext.parse(blob);
    assertThat(parsed.keyId()).isEqualTo(KEY);
    assertThat(parsed.encrypted().ciphertext()).isEqualTo(outer.ciphertext());
    assertThat(parsed.encrypted().initializationVector()).isEqualTo(outer.initializationVector());
    assertThat(parsed.encrypted().authenticationTag()).isEqualTo(outer.authenticationTag());
    assertThat(parsed.encrypted().ciphertextMetadata()).isEqualTo(outer.ciphertextMetadata());
  }

  @Test
  void noMetadata_isAbsentAfterParsing() {
    byte[] blob = new ExternalCiphertext(KEY,
        new XksEncrypted(bytes(80, 1), bytes(12, 2), bytes(16, 3), null)).toBytes();
    assertThat(ExternalCiphertext.parse(blob).encrypted().ciphertextMetadata()).isNull();
  }

  @Test
  void malformedBlobs_areInvalidCiphertext() {
    byte[] good = new ExternalCiphertext(KEY,
        new XksEncrypted(bytes(80, 1), bytes(12, 2), bytes(16, 3), null)).toBytes();
    byte[] badIv = good.clone();
    badIv[17] = 13;
    byte[] longMetadata = good.clone();
    longMetadata[1 + 16 + 1 + 12 + 16] = 21;
    for (byte[] blob : new byte[][] {Arrays.copyOf(good, 20), badIv, longMetadata,
        Arrays.copyOf(good, 1 + 16 + 1 + 12 + 16 + 1), new byte[] {0x03}, new byte[7000]}) {
      assertThatThrownBy(() -> ExternalCiphertext.parse(blob))
          .isInstanceOf(InvalidCiphertextException.class);
    }
    assertThat(ExternalCiphertext.isExternalBlob(new byte[] {0x01})).isFalse();
  }

  @Test
  void aad_bindsTheKeyAndTheEncryptionContext() {
    byte[] plain = ExternalCiphertext.aad(KEY, Map.of());
    assertThat(plain).hasSize(17 + EncryptionContexts.canonical(Map.of()).length);
    assertThat(plain[0]).isEqualTo(ExternalCiphertext.VERSION);
    assertThat(ExternalCiphertext.aad(KEY, Map.of("a", "b"))).isNotEqualTo(plain);
    assertThat(ExternalCiphertext.aad(UUID.randomUUID(), Map.of())).isNotEqualTo(plain);
  }

  private static byte[] bytes(int n, int value) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
