package dev.ownkms.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Secret;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyTokenTest {

  @TempDir static Path dir;
  static KeyToken token;

  @BeforeAll
  static void open() {
    token = KeyToken.openSoftHsm(dir, "keytoken-test", Secret.of("user-pin-1234"), true);
  }

  @AfterAll
  static void close() {
    token.close();
  }

  @Test
  void generateAes256_withExplicitTemplate_reportsExactlyTheAskedUsages() {
    KeyToken.KeyAttributes both = token.generateAes256("both", true, true);
    KeyToken.KeyAttributes encryptOnly = token.generateAes256("enc-only", true, false);
    KeyToken.KeyAttributes none = token.generateAes256("none", false, false);

    assertThat(both.isAes()).isTrue();
    assertThat(both.valueLengthBytes()).isEqualTo(32);
    assertThat(both.encrypt()).isTrue();
    assertThat(both.decrypt()).isTrue();
    assertThat(encryptOnly.encrypt()).isTrue();
    assertThat(encryptOnly.decrypt()).isFalse();
    assertThat(none.encrypt()).isFalse();
    assertThat(none.decrypt()).isFalse();
    assertThat(both.sign() || both.verify() || both.wrap() || both.unwrap() || both.derive())
        .as("no usage beyond the template's").isFalse();
    assertThat(token.keys()).extracting(KeyToken.KeyAttributes::label)
        .contains("both", "enc-only", "none");
  }

  @Test
  void encryptOnlyKey_refusesToDecryptInTheToken() throws Exception {
    token.generateAes256("enc-only-2", true, false);
    SecretKey key = token.secretKey("enc-only-2").orElseThrow();
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
    byte[] iv = new byte[12];
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    byte[] sealed = cipher.doFinal(new byte[32]);
    assertThat(sealed).hasSize(48);
    Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
    assertThatThrownBy(() -> decrypt.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv)))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void setDisabled_marksAndUnmarksTheKey() {
    token.generateAes256("toggle", true, true);
    token.setDisabled("toggle", true);
    token.setDisabled("toggle", true);
    assertThat(token.attributes("toggle").orElseThrow().disabled()).isTrue();
    assertThat(token.keys()).extracting(KeyToken.KeyAttributes::label).doesNotContain("disabled:toggle");
    token.setDisabled("toggle", false);
    assertThat(token.attributes("toggle").orElseThrow().disabled()).isFalse();
  }

  @Test
  void generateAes256_refusesALabelInUse() {
    token.generateAes256("dup", true, true);
    assertThatThrownBy(() -> token.generateAes256("dup", true, true))
        .isInstanceOf(TokenException.class).hasMessageContaining("already has a key labelled dup");
  }

  @Test
  void attributes_ofAMissingKey_isEmpty() {
    assertThat(token.attributes("missing")).isEmpty();
    assertThat(token.secretKey("missing")).isEmpty();
  }
}
