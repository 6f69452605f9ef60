package dev.ownkms.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Secret;
import dev.ownkms.domain.cloudhsm.ClusterBackend.TokenPins;
import dev.ownkms.domain.cloudhsm.ClusterConnectException;
import dev.ownkms.domain.cloudhsm.ClusterConnectException.Reason;
import dev.ownkms.domain.cloudhsm.ClusterToken;
import dev.ownkms.domain.cloudhsm.ClusterUnavailableException;
import dev.ownkms.domain.cloudhsm.TokenLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTokensTest {

  private static final byte[] IV = "twelve bytes".getBytes(UTF_8);
  private static final byte[] AAD = "key context".getBytes(UTF_8);
  private static final byte[] PLAINTEXT = "a secret for the HSM".getBytes(UTF_8);

  @TempDir
  Path dataDir;

  private ClusterTokens tokens() {
    return new ClusterTokens(dataDir, SoftHsmDirectory.SYSTEM_LIBRARY, new SecureRandom());
  }

  @Test
  void createToken_thenConnect_generatesAKeyThatRoundTripsAesGcm() throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    ClusterToken token = tokens.connect("cluster-a", TokenLocation.inDataDirectory("kms-a"),
        pins.kmsuserPassword());

    token.generateAes256("key-1");
    byte[] sealed = token.encrypt("key-1", IV, PLAINTEXT, AAD);

    assertThat(token.containsKey("key-1")).isTrue();
    assertThat(token.containsKey("key-2")).isFalse();
    assertThat(sealed).hasSize(PLAINTEXT.length + 16);
    assertThat(token.decrypt("key-1", IV, sealed, AAD)).isEqualTo(PLAINTEXT);
    assertThat(tokens.connected("cluster-a")).containsSame(token);
    assertThat(dataDir.resolve("clusters/cluster-a/softhsm/libsofthsm2.so")).isRegularFile();
  }

  @Test
  void decrypt_withOtherAadOrAChangedByte_failsWithBadTag() {
    ClusterToken token = connectedCluster(tokens(), "cluster-a", "kms-a");
    token.generateAes256("key-1");
    byte[] sealed = token.encrypt("key-1", IV, PLAINTEXT, AAD);
    byte[] changed = sealed.clone();
    changed[0] ^= 1;

    assertThatThrownBy(() -> token.decrypt("key-1", IV, sealed, "other".getBytes(UTF_8)))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> token.decrypt("key-1", IV, changed, AAD))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void encrypt_withoutAad_andEmptyPlaintext_roundTrips() throws Exception {
    ClusterToken token = connectedCluster(tokens(), "cluster-a", "kms-a");
    token.generateAes256("key-1");

    byte[] sealed = token.encrypt("key-1", IV, new byte[0], new byte[0]);

    assertThat(sealed).hasSize(16);
    assertThat(token.decrypt("key-1", IV, sealed, new byte[0])).isEmpty();
  }

  @Test
  void encrypt_withAKeyNotInTheToken_isUnavailableAndNamesIt() {
    ClusterToken token = connectedCluster(tokens(), "cluster-a", "kms-a");

    assertThatThrownBy(() -> token.encrypt("missing-key", IV, PLAINTEXT, AAD))
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessage("the key missing-key is not in the token kms-a of cluster cluster-a");
  }

  @Test
  void generateAes256_forALabelInUse_isRefused() {
    ClusterToken token = connectedCluster(tokens(), "cluster-a", "kms-a");
    token.generateAes256("key-1");

    assertThatThrownBy(() -> token.generateAes256("key-1"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void createToken_givesRandomPrintablePasswordsThatFitKms() {
    TokenPins pins = tokens().createToken("cluster-a", "kms-a");
    TokenPins other = tokens().createToken("cluster-b", "kms-b");

    assertThat(pins.kmsuserPassword().revealUtf8()).matches("[A-Za-z0-9]{24}");
    assertThat(pins.soPin().revealUtf8()).matches("[A-Za-z0-9]{24}");
    assertThat(pins.kmsuserPassword()).isNotEqualTo(pins.soPin())
        .isNotEqualTo(other.kmsuserPassword());
  }

  @Test
  void connect_withAWrongPassword_afterAGoodLogin_failsWithPinIncorrect_thenTheRightOneWorks()
      throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    TokenLocation location = TokenLocation.inDataDirectory("kms-a");
    tokens.connect("cluster-a", location, pins.kmsuserPassword()).generateAes256("key-1");
    Secret wrong = Secret.of("wrong-password-123");

    // Logged in already: without the logout first, SunPKCS11 would let any password through.
    assertThatThrownBy(() -> tokens.connect("cluster-a", location, wrong))
        .isInstanceOfSatisfying(ClusterConnectException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PIN_INCORRECT))
        .hasMessageContaining("CKR_PIN_INCORRECT")
        .hasMessageNotContaining(wrong.revealUtf8())
        .hasMessageNotContaining(pins.kmsuserPassword().revealUtf8());
    assertThat(tokens.connected("cluster-a")).isEmpty();

    ClusterToken token = tokens.connect("cluster-a", location, pins.kmsuserPassword());
    byte[] sealed = token.encrypt("key-1", IV, PLAINTEXT, AAD);
    assertThat(token.decrypt("key-1", IV, sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void connect_toATokenWithoutUserPin_failsWithUserNotInitialized() {
    Pkcs11Library library = SoftHsmDirectory.in(dataDir.resolve("clusters/cluster-a"),
        SoftHsmDirectory.SYSTEM_LIBRARY).load();
    library.initToken(library.freeSlot().orElseThrow(), "kms-a", Secret.of("so-pin-1234"));

    assertThatThrownBy(() -> tokens().connect("cluster-a", TokenLocation.inDataDirectory("kms-a"),
        Secret.of("any-password")))
        .isInstanceOfSatisfying(ClusterConnectException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.USER_NOT_INITIALIZED));
  }

  @Test
  void connect_withAMissingOrBrokenLibrary_failsWithLibraryNotFound() throws IOException {
    // A real shared library, but no PKCS#11 one: it has no C_GetFunctionList.
    Path notALibrary = Files.copy(Path.of("/lib/x86_64-linux-gnu/libz.so.1"),
        dataDir.resolve("libz-copy.so"));

    assertThat(reasonOfConnect(new TokenLocation(dataDir.resolve("missing.so"), "x", Map.of())))
        .isEqualTo(Reason.LIBRARY_NOT_FOUND);
    assertThat(reasonOfConnect(new TokenLocation(notALibrary, "x", Map.of())))
        .isEqualTo(Reason.LIBRARY_NOT_FOUND);
  }

  @Test
  void connect_withAnUnknownLabelOrCluster_failsWithTokenNotFound() throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");

    assertThatThrownBy(() -> tokens.connect("cluster-a", TokenLocation.inDataDirectory("kms-b"),
        pins.kmsuserPassword()))
        .isInstanceOfSatisfying(ClusterConnectException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_NOT_FOUND));
    assertThatThrownBy(() -> tokens.connect("cluster-z", TokenLocation.inDataDirectory("kms-a"),
        pins.kmsuserPassword()))
        .isInstanceOfSatisfying(ClusterConnectException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_NOT_FOUND));
    assertThat(dataDir.resolve("clusters/cluster-z")).doesNotExist();
  }

  @Test
  void aClusterIdThatIsNoFolderName_isRefused() {
    assertThatThrownBy(() -> tokens().createToken("../escape", "kms-a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copyToken_aKeyMadeInTheSourceBeforeTheCopy_decryptsTheSourcesCiphertextInTheCopy()
      throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    TokenLocation location = TokenLocation.inDataDirectory("kms-a");
    ClusterToken source = tokens.connect("cluster-a", location, pins.kmsuserPassword());
    source.generateAes256("key-1");
    byte[] sealed = source.encrypt("key-1", IV, PLAINTEXT, AAD);

    tokens.copyToken("cluster-a", "cluster-b");
    ClusterToken copy = tokens.connect("cluster-b", location, pins.kmsuserPassword());

    assertThat(copy.decrypt("key-1", IV, sealed, AAD)).isEqualTo(PLAINTEXT);
    copy.generateAes256("key-2");
    assertThat(source.containsKey("key-2")).as("the copy is a token of its own").isFalse();
    assertThat(source.decrypt("key-1", IV, sealed, AAD)).isEqualTo(PLAINTEXT);
  }

  @Test
  void copyToken_intoAClusterInUse_isRefused() {
    ClusterTokens tokens = tokens();
    tokens.createToken("cluster-a", "kms-a");
    tokens.createToken("cluster-b", "kms-b");

    assertThatThrownBy(() -> tokens.copyToken("cluster-a", "cluster-b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void setKmsuserPassword_thenTheOldPasswordFails_andTheNewWorks() throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    TokenLocation location = TokenLocation.inDataDirectory("kms-a");
    ClusterToken session = tokens.connect("cluster-a", location, pins.kmsuserPassword());
    session.generateAes256("key-1");
    Secret newPassword = Secret.of("new-kmsuser-password");

    tokens.setKmsuserPassword("cluster-a", location, pins.soPin(), newPassword);

    assertThat(session.encrypt("key-1", IV, PLAINTEXT, AAD))
        .as("a connected session stays logged in").hasSize(PLAINTEXT.length + 16);
    assertThat(reasonOfConnect(tokens, "cluster-a", location, pins.kmsuserPassword()))
        .isEqualTo(Reason.PIN_INCORRECT);
    ClusterToken token = tokens.connect("cluster-a", location, newPassword);
    assertThat(token.containsKey("key-1")).isTrue();
  }

  @Test
  void setKmsuserPassword_withAWrongSoPin_failsWithPinIncorrect_andKeepsTheSession()
      throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    TokenLocation location = TokenLocation.inDataDirectory("kms-a");
    ClusterToken session = tokens.connect("cluster-a", location, pins.kmsuserPassword());
    session.generateAes256("key-1");

    assertThatThrownBy(() -> tokens.setKmsuserPassword("cluster-a", location,
        Secret.of("wrong-so-pin"), Secret.of("new-kmsuser-password")))
        .isInstanceOfSatisfying(ClusterConnectException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PIN_INCORRECT));
    assertThat(session.encrypt("key-1", IV, PLAINTEXT, AAD)).hasSize(PLAINTEXT.length + 16);
  }

  @Test
  void destroyKey_removesTheTokenObject() throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    ClusterToken token = tokens.connect("cluster-a", TokenLocation.inDataDirectory("kms-a"),
        pins.kmsuserPassword());
    token.generateAes256("key-1");
    token.generateAes256("key-2");
    assertThat(listObjects("cluster-a", "kms-a", pins.kmsuserPassword()))
        .contains("label:      key-1", "label:      key-2", "never extractable");

    token.destroyKey("key-1");
    token.destroyKey("never-made");

    assertThat(token.containsKey("key-1")).isFalse();
    assertThat(listObjects("cluster-a", "kms-a", pins.kmsuserPassword()))
        .doesNotContain("key-1").contains("label:      key-2");
    assertThatThrownBy(() -> token.encrypt("key-1", IV, PLAINTEXT, AAD))
        .isInstanceOf(ClusterUnavailableException.class);
  }

  @Test
  void tokenFilesDeletedUnderAConnectedCluster_makeItUnavailable_butNotTheOthers()
      throws Exception {
    ClusterTokens tokens = tokens();
    try (RootKey root = RootKey.openOrCreate(dataDir)) {
      ClusterToken doomed = connectedCluster(tokens, "cluster-a", "kms-a");
      ClusterToken other = connectedCluster(tokens, "cluster-b", "kms-b");
      doomed.generateAes256("key-1");
      other.generateAes256("key-1");
      doomed.encrypt("key-1", doomed.randomBytes(12), PLAINTEXT, AAD);

      TokenFolders.delete(dataDir.resolve("clusters/cluster-a/softhsm/tokens"));

      assertThatThrownBy(() -> doomed.encrypt("key-1", doomed.randomBytes(12), PLAINTEXT, AAD))
          .isInstanceOf(ClusterUnavailableException.class)
          .hasMessageContaining("cluster-a");
      assertThatThrownBy(() -> doomed.generateAes256("key-2"))
          .isInstanceOf(ClusterUnavailableException.class);
      byte[] sealed = other.encrypt("key-1", IV, PLAINTEXT, AAD);
      assertThat(other.decrypt("key-1", IV, sealed, AAD)).isEqualTo(PLAINTEXT);
      assertThat(root.unseal(root.seal(PLAINTEXT, AAD), AAD)).isEqualTo(PLAINTEXT);
      ClusterToken third = connectedCluster(tokens, "cluster-c", "kms-c");
      third.generateAes256("key-1");
    }
  }

  @Test
  void disconnect_logsOut_andTheOldSessionIsUnavailable() {
    ClusterTokens tokens = tokens();
    ClusterToken token = connectedCluster(tokens, "cluster-a", "kms-a");
    token.generateAes256("key-1");

    tokens.disconnect("cluster-a");
    tokens.disconnect("cluster-a");

    assertThat(tokens.connected("cluster-a")).isEmpty();
    assertThatThrownBy(() -> token.encrypt("key-1", IV, PLAINTEXT, AAD))
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining("not connected");
  }

  @Test
  void destroy_aDataDirectoryCluster_deletesItsFolder_andAConnectFindsNoToken()
      throws Exception {
    ClusterTokens tokens = tokens();
    TokenPins pins = tokens.createToken("cluster-a", "kms-a");
    TokenLocation location = TokenLocation.inDataDirectory("kms-a");
    tokens.connect("cluster-a", location, pins.kmsuserPassword()).generateAes256("key-1");
    ClusterToken other = connectedCluster(tokens, "cluster-b", "kms-b");

    tokens.destroy("cluster-a", location);

    assertThat(dataDir.resolve("clusters/cluster-a")).doesNotExist();
    assertThat(tokens.connected("cluster-a")).isEmpty();
    assertThat(reasonOfConnect(tokens, "cluster-a", location, pins.kmsuserPassword()))
        .isEqualTo(Reason.TOKEN_NOT_FOUND);
    other.generateAes256("key-1");
  }

  @Test
  void aRegisteredCluster_madeBySofthsm2Util_connectsAndComputesInItsToken() throws Exception {
    Path vendor = Files.createDirectories(dataDir.resolve("vendor"));
    Path tokenDir = Files.createDirectories(vendor.resolve("tokens"));
    Path conf = Files.writeString(vendor.resolve("softhsm2.conf"),
        "directories.tokendir = " + tokenDir + "\nobjectstore.backend = file\n");
    Path library = vendor.resolve("libvendorhsm.so");
    Files.copy(SoftHsmDirectory.SYSTEM_LIBRARY, library);
    run(Map.of("SOFTHSM2_CONF", conf.toString()), "softhsm2-util", "--init-token", "--free",
        "--label", "vendor-token", "--so-pin", "87654321", "--pin", "12345678");
    TokenLocation location = new TokenLocation(library, "vendor-token",
        Map.of("SOFTHSM2_CONF", conf.toString()));
    ClusterTokens tokens = tokens();

    ClusterToken token = tokens.connect("cluster-v", location, Secret.of("12345678"));
    token.generateAes256("key-1");
    byte[] sealed = token.encrypt("key-1", IV, PLAINTEXT, AAD);

    assertThat(token.decrypt("key-1", IV, sealed, AAD)).isEqualTo(PLAINTEXT);
    assertThat(token.randomBytes(32)).hasSize(32);
    tokens.destroy("cluster-v", location);
    assertThat(tokenDir).isNotEmptyDirectory();
    assertThat(tokens.connect("cluster-v", location, Secret.of("12345678")).containsKey("key-1"))
        .as("a vendor token is never wiped").isTrue();
  }

  @Test
  void randomBytes_comeFromTheToken_andDiffer() {
    ClusterToken token = connectedCluster(tokens(), "cluster-a", "kms-a");

    assertThat(token.randomBytes(32)).hasSize(32).isNotEqualTo(token.randomBytes(32));
    assertThat(token.randomBytes(0)).isEmpty();
  }

  @Test
  void encrypt_from8Threads_roundTrips() throws Exception {
    ClusterToken token = connectedCluster(tokens(), "cluster-a", "kms-a");
    token.generateAes256("key-1");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            byte[] iv = token.randomBytes(12);
            byte[] plaintext = ("thread " + thread + " message " + i).getBytes(UTF_8);
            byte[] sealed = token.encrypt("key-1", iv, plaintext, AAD);
            assertThat(token.decrypt("key-1", iv, sealed, AAD)).isEqualTo(plaintext);
          }
          return 200;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private ClusterToken connectedCluster(ClusterTokens tokens, String clusterId, String label) {
    TokenPins pins = tokens.createToken(clusterId, label);
    try {
      return tokens.connect(clusterId, TokenLocation.inDataDirectory(label),
          pins.kmsuserPassword());
    } catch (ClusterConnectException e) {
      throw new AssertionError(e);
    }
  }

  private Reason reasonOfConnect(TokenLocation location) {
    return reasonOfConnect(tokens(), "cluster-x", location, Secret.of("any-password"));
  }

  private static Reason reasonOfConnect(ClusterTokens tokens, String clusterId,
      TokenLocation location, Secret password) {
    try {
      tokens.connect(clusterId, location, password);
      throw new AssertionError("connect should have failed");
    } catch (ClusterConnectException e) {
      return e.reason();
    }
  }

  private String listObjects(String clusterId, String label, Secret pin) throws Exception {
    Path softHsm = dataDir.toRealPath().resolve("clusters").resolve(clusterId).resolve("softhsm");
    return run(Map.of("SOFTHSM2_CONF", softHsm.resolve("softhsm2.conf").toString()),
        "pkcs11-tool", "--module", softHsm.resolve("libsofthsm2.so").toString(),
        "--token-label", label, "--login", "--pin", pin.revealUtf8(), "--list-objects");
  }

  private static String run(Map<String, String> environment, String... command)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
