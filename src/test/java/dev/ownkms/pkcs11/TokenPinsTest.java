package dev.ownkms.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPinsTest {

  @TempDir
  Path dir;

  @Test
  void generate_givesTwoDifferentRandom24CharacterPins() {
    TokenPins pins = TokenPins.generate(new SecureRandom());

    assertThat(pins.userPin().revealUtf8()).hasSize(24).matches("[A-Za-z0-9_-]+");
    assertThat(pins.soPin().revealUtf8()).hasSize(24).matches("[A-Za-z0-9_-]+");
    assertThat(pins.userPin()).isNotEqualTo(pins.soPin());
    assertThat(TokenPins.generate(new SecureRandom()).userPin()).isNotEqualTo(pins.userPin());
  }

  @Test
  void writeNew_thenRead_givesTheSamePins() {
    TokenPins pins = TokenPins.generate(new SecureRandom());
    Path file = dir.resolve("pins");

    pins.writeNew(file);

    assertThat(TokenPins.read(file)).isEqualTo(pins);
  }

  @Test
  void writeNew_createsAnOwnerOnlyFileAndNoLeftovers() throws IOException {
    Path file = dir.resolve("pins");

    TokenPins.generate(new SecureRandom()).writeNew(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writeNew_overAnExistingFile_isRefusedAndKeepsTheOldPins() {
    Path file = dir.resolve("pins");
    TokenPins first = TokenPins.generate(new SecureRandom());
    first.writeNew(file);

    assertThatThrownBy(() -> TokenPins.generate(new SecureRandom()).writeNew(file))
        .isInstanceOf(TokenException.class);
    assertThat(TokenPins.read(file)).isEqualTo(first);
  }

  @Test
  void read_ofAGroupReadableFile_isRefusedWithTheFix() throws IOException {
    Path file = dir.resolve("pins");
    TokenPins.generate(new SecureRandom()).writeNew(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> TokenPins.read(file))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("chmod 600 " + file);
  }

  @Test
  void read_ofADamagedLine_namesTheLineButNotItsContent() throws IOException {
    Path file = dir.resolve("pins");
    TokenPins.generate(new SecureRandom()).writeNew(file);
    String damaged = Files.readString(file).replace("user-pin=", "user-pin:");
    Files.writeString(file, damaged);
    String leaked = damaged.lines().filter(l -> l.startsWith("user-pin:")).findFirst()
        .orElseThrow().substring("user-pin:".length());

    assertThatThrownBy(() -> TokenPins.read(file))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("line 2")
        .hasMessageNotContaining(leaked);
  }

  @Test
  void read_ofAFileWithoutTheSoPin_isRefused() throws IOException {
    Path file = dir.resolve("pins");
    new TokenPins(Secret.of("user-1234"), Secret.of("so-1234")).writeNew(file);
    Files.writeString(file, "user-pin=user-1234\n");

    assertThatThrownBy(() -> TokenPins.read(file))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("needs both");
  }

  @Test
  void toString_showsNoPin() {
    TokenPins pins = new TokenPins(Secret.of("user-1234"), Secret.of("so-1234"));

    assertThat(pins.toString()).doesNotContain("1234");
  }
}
