package dev.ownkms.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs11LibraryTest {

  private static final Secret SO_PIN = Secret.of("so-pin-8765");
  private static final Secret USER_PIN = Secret.of("user-pin-1234");

  @TempDir
  Path dataDir;

  private Pkcs11Library library;

  @BeforeEach
  void loadLibrary() {
    library = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();
  }

  @Test
  void aNewTokenFolder_hasOnlyTheFreeSlot() {
    assertThat(library.slots()).hasSize(1);
    assertThat(library.freeSlot()).isPresent();
    assertThat(labels()).isEmpty();
  }

  @Test
  void createToken_makesATokenFoundByItsLabel_andANewFreeSlot() {
    long free = library.freeSlot().orElseThrow();

    library.createToken(free, "alpha", SO_PIN, USER_PIN);

    assertThat(library.slotOfToken("alpha")).isPresent();
    assertThat(library.freeSlot()).isPresent();
    assertThat(labels()).containsExactly("alpha");
  }

  @Test
  void createToken_twice_givesTwoTokens() {
    library.createToken(library.freeSlot().orElseThrow(), "alpha", SO_PIN, USER_PIN);
    library.createToken(library.freeSlot().orElseThrow(), "beta", SO_PIN, USER_PIN);

    assertThat(labels()).containsExactlyInAnyOrder("alpha", "beta");
    assertThat(library.slotOfToken("alpha")).isNotEqualTo(library.slotOfToken("beta"));
  }

  @Test
  void createToken_withAFull32ByteLabel_keepsItWhole() {
    String label = "a".repeat(32);

    library.createToken(library.freeSlot().orElseThrow(), label, SO_PIN, USER_PIN);

    assertThat(library.slotOfToken(label)).isPresent();
  }

  @Test
  void createToken_withALabelOver32Bytes_isRefused() {
    long free = library.freeSlot().orElseThrow();

    assertThatThrownBy(() -> library.createToken(free, "a".repeat(33), SO_PIN, USER_PIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(labels()).isEmpty();
  }

  @Test
  void slotOfToken_forAnUnknownLabel_isEmpty() {
    library.createToken(library.freeSlot().orElseThrow(), "alpha", SO_PIN, USER_PIN);

    assertThat(library.slotOfToken("alph")).isEmpty();
    assertThat(library.slotOfToken("")).isEmpty();
  }

  @Test
  void aFailedCall_namesTheFunctionAndTheReturnCode_butNoPin() {
    library.createToken(library.freeSlot().orElseThrow(), "alpha", SO_PIN, USER_PIN);
    long slot = library.slotOfToken("alpha").orElseThrow();
    Secret wrongSoPin = Secret.of("wrong-so-pin-0000");

    // Re-initialising a token needs its SO PIN.
    assertThatThrownBy(() -> library.createToken(slot, "alpha", wrongSoPin, USER_PIN))
        .isInstanceOf(Pkcs11CallException.class)
        .hasMessage("C_InitToken failed: CKR_PIN_INCORRECT (0xa0)")
        .satisfies(e -> assertThat(((Pkcs11CallException) e).returnValue())
            .isEqualTo(Pkcs11CallException.CKR_PIN_INCORRECT));
  }

  @Test
  void initializeWithOsLocking_asecondTime_isReportedAsAlreadyInitialised() {
    assertThatThrownBy(library::initializeWithOsLocking)
        .isInstanceOf(Pkcs11CallException.class)
        .hasMessage("C_Initialize failed: CKR_CRYPTOKI_ALREADY_INITIALIZED (0x191)");
  }

  @Test
  void returnCodeNames_fallBackToHexForUnknownCodes() {
    assertThat(Pkcs11CallException.name(0x5)).isEqualTo("CKR_GENERAL_ERROR (0x5)");
    assertThat(Pkcs11CallException.name(0x80001234L)).isEqualTo("0x80001234");
  }

  private List<String> labels() {
    List<String> labels = new ArrayList<>();
    for (long slot : library.slots()) {
      Pkcs11Library.TokenInfo info = library.tokenInfo(slot);
      if (info != null && info.initialized()) {
        labels.add(info.label());
      }
    }
    return labels;
  }
}
