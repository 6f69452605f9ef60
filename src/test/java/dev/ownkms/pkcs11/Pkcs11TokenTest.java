package dev.ownkms.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs11TokenTest {

  @TempDir
  Path dataDir;

  private Pkcs11Library library;
  private final TokenPins pins = TokenPins.generate(new SecureRandom());

  @BeforeEach
  void loadLibrary() {
    library = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();
  }

  @Test
  void createIfMissing_makesTheTokenOnce() {
    Pkcs11Token.createIfMissing(library, "alpha", pins);
    long slot = library.slotOfToken("alpha").orElseThrow();

    Pkcs11Token.createIfMissing(library, "alpha", pins);

    assertThat(library.slotOfToken("alpha")).hasValue(slot);
    assertThat(library.slots()).as("one token and the free slot").hasSize(2);
  }

  @Test
  void generateAes256_storesASensitiveKeyUnderTheAlias() throws Exception {
    Pkcs11Token token = Pkcs11Token.createIfMissing(library, "alpha", pins);

    SecretKey generated = token.generateAes256("k1");

    assertThat(generated.getEncoded()).isNull();
    assertThat(generated.getAlgorithm()).isEqualTo("AES");
    SecretKey stored = token.secretKey("k1").orElseThrow();
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
    gcm.init(Cipher.ENCRYPT_MODE, stored, new GCMParameterSpec(128, new byte[12]));
    assertThat(gcm.doFinal(new byte[32])).hasSize(48);
  }

  @Test
  void secretKey_forAnUnknownAlias_isEmpty() {
    Pkcs11Token token = Pkcs11Token.createIfMissing(library, "alpha", pins);

    assertThat(token.secretKey("missing")).isEmpty();
  }

  @Test
  void keys_ofTwoTokensInOneLibrary_areSeparate() {
    Pkcs11Token alpha = Pkcs11Token.createIfMissing(library, "alpha", pins);
    Pkcs11Token beta = Pkcs11Token.createIfMissing(library, "beta", pins);

    alpha.generateAes256("k1");

    assertThat(alpha.secretKey("k1")).isPresent();
    assertThat(beta.secretKey("k1")).isEmpty();
  }

  @Test
  void open_ofAnUnknownLabel_fails() {
    assertThatThrownBy(() -> Pkcs11Token.open(library, "nobody", pins.userPin()))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("no token labelled nobody");
  }

  @Test
  void open_withAWrongPin_onTheFirstLogin_isRefused() {
    Pkcs11Token.create(library, "alpha", pins);

    assertThatThrownBy(() -> Pkcs11Token.open(library, "alpha", pins.soPin()))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("user PIN was refused");
  }
}
