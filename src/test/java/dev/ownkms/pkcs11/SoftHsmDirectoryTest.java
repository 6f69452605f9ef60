package dev.ownkms.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftHsmDirectoryTest {

  @TempDir
  Path dataDir;

  @Test
  void in_createsAnOwnerOnlyFolderWithATokenFolder() throws IOException {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);

    assertThat(softHsm.path()).isEqualTo(dataDir.toRealPath().resolve("softhsm"));
    assertThat(softHsm.tokenDirectory()).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(softHsm.path())))
        .isEqualTo("rwx------");
  }

  @Test
  void load_writesAConfigForThisDirectorysTokenFolder() {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);

    softHsm.load();

    assertThat(softHsm.configFile()).content()
        .contains("directories.tokendir = " + softHsm.tokenDirectory() + "\n")
        .contains("objectstore.backend = file\n")
        .contains("slots.removable = false\n")
        .contains("log.level = ERROR\n");
  }

  @Test
  void load_usesACopyOfTheSystemLibrary() throws IOException {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);

    Pkcs11Library library = softHsm.load();

    assertThat(library.path()).isEqualTo(softHsm.libraryCopy());
    assertThat(Files.mismatch(softHsm.libraryCopy(), SoftHsmDirectory.SYSTEM_LIBRARY))
        .isEqualTo(-1L);
    assertThat(Files.isSymbolicLink(softHsm.libraryCopy())).isFalse();
  }

  @Test
  void load_replacesAStaleLibraryCopy() throws IOException {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);
    Files.writeString(softHsm.libraryCopy(), "an older SoftHSM");

    softHsm.load();

    assertThat(Files.mismatch(softHsm.libraryCopy(), SoftHsmDirectory.SYSTEM_LIBRARY))
        .isEqualTo(-1L);
  }

  @Test
  void load_twice_givesTheSameInitialisedInstance() {
    Pkcs11Library first = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();

    Pkcs11Library second = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();

    assertThat(second).isSameAs(first);
    assertThat(second.freeSlot()).as("initialised: it answers C_GetSlotList").isPresent();
  }

  @Test
  void load_leavesTheProcessEnvironmentAsItWas() {
    var before = NativeEnvironment.get("SOFTHSM2_CONF");

    SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();

    assertThat(NativeEnvironment.get("SOFTHSM2_CONF")).isEqualTo(before);
  }

  @Test
  void load_initialisesWithThisDirectorysConfig(@TempDir Path otherDataDir) {
    Pkcs11Library library = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();
    Pkcs11Library other =
        SoftHsmDirectory.in(otherDataDir, SoftHsmDirectory.SYSTEM_LIBRARY).load();
    Pkcs11Token.create(library, "only-in-the-first", TokenPins.generate(new java.security.SecureRandom()));

    assertThat(library.slotOfToken("only-in-the-first")).isPresent();
    assertThat(other.slotOfToken("only-in-the-first")).isEmpty();
  }

  @Test
  void load_afterTheLibraryCopyWasReplaced_asksForARestart() throws IOException {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);
    softHsm.load();
    Path replacement = dataDir.resolve("replacement.so");
    Files.copy(softHsm.libraryCopy(), replacement);
    Files.move(replacement, softHsm.libraryCopy(), StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(softHsm::load)
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("restart the process");
  }

  @Test
  void load_withoutAnySoftHsm_saysToInstallIt() {
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, dataDir.resolve("no-such-lib.so"));

    assertThatThrownBy(softHsm::load)
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("SoftHSM2 is not installed")
        .hasMessageContaining("apt-get install softhsm2");
  }
}
