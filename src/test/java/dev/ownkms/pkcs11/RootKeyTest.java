package dev.ownkms.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyTest {

  private static final byte[] AAD = "OwnKMS backing key|1234|1".getBytes(UTF_8);
  private static final byte[] SECRET = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @TempDir
  Path dataDir;

  @Test
  void seal_thenUnseal_returnsTheSecret() {
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      byte[] sealed = root.seal(SECRET, AAD);

      assertThat(sealed).hasSize(12 + SECRET.length + 16);
      assertThat(root.unseal(sealed, AAD)).isEqualTo(SECRET);
    }
  }

  @Test
  void seal_twice_usesFreshIvs() {
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      byte[] first = root.seal(SECRET, AAD);
      byte[] second = root.seal(SECRET, AAD);

      assertThat(first).isNotEqualTo(second);
      assertThat(HexFormat.of().formatHex(first, 0, 12))
          .isNotEqualTo(HexFormat.of().formatHex(second, 0, 12));
    }
  }

  @Test
  void seal_withEmptySecretAndAad_roundTrips() {
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      byte[] sealed = root.seal(new byte[0], new byte[0]);

      assertThat(sealed).hasSize(28);
      assertThat(root.unseal(sealed, new byte[0])).isEmpty();
    }
  }

  @Test
  void unseal_withAnyByteChanged_failsWithSealedDataException() {
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      byte[] sealed = root.seal(SECRET, AAD);
      for (int i = 0; i < sealed.length; i++) {
        byte[] tampered = sealed.clone();
        tampered[i] ^= 0x01;

        assertThatThrownBy(() -> root.unseal(tampered, AAD))
            .as("byte %d changed", i)
            .isInstanceOf(SealedDataException.class);
      }
      assertThat(root.unseal(sealed, AAD)).as("the pooled ciphers still work").isEqualTo(SECRET);
    }
  }

  @Test
  void unseal_truncatedAtAnyLength_failsWithSealedDataException() {
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      byte[] sealed = root.seal(SECRET, AAD);
      for (int length = 0; length < sealed.length; length++) {
        byte[] truncated = java.util.Arrays.copyOf(sealed, length);

        assertThatThrownBy(() -> root.unseal(truncated, AAD))
            .as("length %d", length)
            .isInstanceOf(SealedDataException.class);
      }
    }
  }

  @Test
  void unseal_withOtherAssociatedData_failsWithSealedDataException() {
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      byte[] sealed = root.seal(SECRET, AAD);

      assertThatThrownBy(() -> root.unseal(sealed, "OwnKMS backing key|1234|2".getBytes(UTF_8)))
          .isInstanceOf(SealedDataException.class);
      assertThatThrownBy(() -> root.unseal(sealed, new byte[0]))
          .isInstanceOf(SealedDataException.class);
    }
  }

  @Test
  void rootKey_isNotExtractable() throws IOException {
    RootKey.openOrCreate(dataDir).close();
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);
    TokenPins pins = TokenPins.read(softHsm.path().resolve(RootKey.PIN_FILE));
    Pkcs11Token token = Pkcs11Token.open(softHsm.load(), RootKey.TOKEN_LABEL, pins.userPin());

    SecretKey key = token.secretKey(RootKey.KEY_ALIAS).orElseThrow();

    assertThat(key.getEncoded()).isNull();
    assertThat(key.getFormat()).isNull();
  }

  @Test
  void rootKey_isMarkedNeverExtractableInTheToken() throws Exception {
    RootKey.openOrCreate(dataDir).close();
    SoftHsmDirectory softHsm = SoftHsmDirectory.in(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY);
    TokenPins pins = TokenPins.read(softHsm.path().resolve(RootKey.PIN_FILE));

    ProcessBuilder listObjects = new ProcessBuilder("pkcs11-tool",
        "--module", softHsm.libraryCopy().toString(), "--token-label", RootKey.TOKEN_LABEL,
        "--login", "--pin", "env:OWNKMS_TEST_PIN", "--list-objects").redirectErrorStream(true);
    listObjects.environment().put("SOFTHSM2_CONF", softHsm.configFile().toString());
    listObjects.environment().put("OWNKMS_TEST_PIN", pins.userPin().revealUtf8());
    Process process = listObjects.start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("Secret Key Object; AES length 32")
        .contains("label:      " + RootKey.KEY_ALIAS)
        .contains("sensitive")
        .contains("never extractable");
    assertThat(output.split("Object;", -1)).as("exactly one object: no orphan").hasSize(2);
  }

  @Test
  void reopen_inTheSameProcess_unsealsWhatWasSealedBefore() {
    byte[] sealed;
    try (RootKey first = RootKey.openOrCreate(dataDir)) {
      sealed = first.seal(SECRET, AAD);
    }

    try (RootKey second = RootKey.openOrCreate(dataDir)) {
      assertThat(second.unseal(sealed, AAD)).isEqualTo(SECRET);
    }
  }

  @Test
  void reopen_inAFreshProcess_unsealsWhatWasSealedBefore() throws Exception {
    byte[] sealed;
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      sealed = root.seal(SECRET, AAD);
    }

    ProcessBuilder child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        UnsealInFreshProcess.class.getName(), dataDir.toString(),
        HexFormat.of().formatHex(sealed), HexFormat.of().formatHex(AAD))
        .redirectErrorStream(true);
    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).endsWith(HexFormat.of().formatHex(SECRET));
  }

  @Test
  void twoDataDirectories_inOneProcess_haveIndependentRootKeys(@TempDir Path otherDataDir) {
    try (RootKey a = RootKey.openOrCreate(dataDir);
        RootKey b = RootKey.openOrCreate(otherDataDir)) {
      byte[] sealedByA = a.seal(SECRET, AAD);
      byte[] sealedByB = b.seal(SECRET, AAD);

      assertThat(a.unseal(sealedByA, AAD)).isEqualTo(SECRET);
      assertThat(b.unseal(sealedByB, AAD)).isEqualTo(SECRET);
      assertThatThrownBy(() -> b.unseal(sealedByA, AAD)).isInstanceOf(SealedDataException.class);
      assertThatThrownBy(() -> a.unseal(sealedByB, AAD)).isInstanceOf(SealedDataException.class);
    }
    assertThat(otherDataDir.resolve("softhsm/libsofthsm2.so"))
        .isNotEqualTo(dataDir.resolve("softhsm/libsofthsm2.so"))
        .exists();
  }

  @Test
  void firstStart_writesOwnerOnlyPinFile() throws IOException {
    RootKey.openOrCreate(dataDir).close();
    Path pinFile = dataDir.toRealPath().resolve("softhsm").resolve(RootKey.PIN_FILE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pinFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pinFile.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void open_withPinFileButNoToken_failsSayingWhatToDo(@TempDir Path otherDataDir)
      throws IOException {
    RootKey.openOrCreate(dataDir).close();
    Path pinFile = dataDir.toRealPath().resolve("softhsm").resolve(RootKey.PIN_FILE);
    Path copiedPins = otherDataDir.resolve("softhsm").resolve(RootKey.PIN_FILE);
    Files.createDirectories(copiedPins.getParent());
    Files.copy(pinFile, copiedPins, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);

    assertThatThrownBy(() -> RootKey.openOrCreate(otherDataDir))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("finds no token ownkms-root")
        .hasMessageContaining("restore");
  }

  @Test
  void open_withTokenButNoPinFile_failsSayingWhatToDo() throws IOException {
    RootKey.openOrCreate(dataDir).close();
    Files.delete(dataDir.toRealPath().resolve("softhsm").resolve(RootKey.PIN_FILE));

    assertThatThrownBy(() -> RootKey.openOrCreate(dataDir))
        .isInstanceOf(TokenException.class)
        .hasMessageContaining("PIN file")
        .hasMessageContaining("is missing");
  }

  /**
   * A copy of the data directory elsewhere gets its own SoftHSM instance, not yet logged in, so
   * the PIN is really checked (in a process that already logged in to a token, SunPKCS11 skips it).
   */
  @Test
  void open_withWrongPin_failsWithoutRevealingAnyPin(@TempDir Path parent) throws IOException {
    Path original = parent.resolve("original");
    RootKey.openOrCreate(original).close();
    Path moved = parent.resolve("moved");
    copyTree(original, moved);
    Path pinFile = moved.resolve("softhsm").resolve(RootKey.PIN_FILE);
    TokenPins real = TokenPins.read(pinFile);
    String wrongPin = "wrong-pin-" + System.nanoTime();
    Files.writeString(pinFile, Files.readString(pinFile)
        .replace(real.userPin().revealUtf8(), wrongPin));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> RootKey.openOrCreate(moved));

    assertThat(thrown).isInstanceOf(TokenException.class)
        .hasMessageContaining("PIN was refused")
        .hasMessageContaining("restore both from the same backup");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()) + t)
          .doesNotContain(wrongPin)
          .doesNotContain(real.userPin().revealUtf8())
          .doesNotContain(real.soPin().revealUtf8());
    }
  }

  @Test
  void open_afterTheDataDirectoryMoved_rewritesTheConfigAndUnseals(@TempDir Path parent)
      throws IOException {
    Path original = parent.resolve("original");
    byte[] sealed;
    try (RootKey root = RootKey.openOrCreate(original)) {
      sealed = root.seal(SECRET, AAD);
    }
    Path moved = parent.resolve("moved");
    copyTree(original, moved);

    try (RootKey root = RootKey.openOrCreate(moved)) {
      assertThat(root.unseal(sealed, AAD)).isEqualTo(SECRET);
    }
    assertThat(moved.resolve("softhsm/softhsm2.conf")).content()
        .contains(moved.toRealPath().resolve("softhsm/tokens").toString());
  }

  @Test
  void seal_afterClose_isRefused() {
    RootKey root = RootKey.openOrCreate(dataDir);
    root.close();

    assertThatThrownBy(() -> root.seal(SECRET, AAD)).isInstanceOf(IllegalStateException.class);
  }

  /** The crash trap: SoftHSM without CKF_OS_LOCKING_OK dies in GCM from two threads. */
  @Test
  void sealAndUnseal_fromTwoThreadsAtOnce_allRoundTrip() throws Exception {
    try (RootKey root = RootKey.openOrCreate(dataDir);
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      Callable<Integer> work = () -> {
        int done = 0;
        for (int i = 0; i < 2_000; i++) {
          byte[] secret = (Thread.currentThread().getName() + "/" + i).getBytes(UTF_8);
          assertThat(root.unseal(root.seal(secret, AAD), AAD)).isEqualTo(secret);
          done++;
        }
        return done;
      };
      List<Future<Integer>> results = new ArrayList<>();
      results.add(threads.submit(work));
      results.add(threads.submit(work));

      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
      }
    }
  }

  @Test
  void openOrCreate_fromTwoThreadsOnAFreshDirectory_createsOneToken() throws Exception {
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      Future<RootKey> first = threads.submit(() -> RootKey.openOrCreate(dataDir));
      Future<RootKey> second = threads.submit(() -> RootKey.openOrCreate(dataDir));
      try (RootKey a = first.get(30, TimeUnit.SECONDS);
          RootKey b = second.get(30, TimeUnit.SECONDS)) {
        assertThat(b.unseal(a.seal(SECRET, AAD), AAD)).isEqualTo(SECRET);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.copy(path, to.resolve(from.relativize(path).toString()),
            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
