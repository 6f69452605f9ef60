package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static dev.ownkms.testing.Bytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.domain.ClusterService;
import dev.ownkms.testing.CustomKeyStores;
import dev.ownkms.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * CloudHSM key stores end to end with the SDK v2 client: real SoftHSM tokens as clusters, keys
 * generated and used inside them, and the faults a real token can have.
 */
class CloudHsmStoreTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("in the token");

  private KmsClient kms() {
    return server.client();
  }

  @Test
  void lifecycle_keyLivesInTheToken_andIsDestroyedThereWhenItsDeletionCompletes()
      throws Exception {
    ClusterService.Created cluster = newCluster();
    String storeId = connectedStore(cluster, "lifecycle");

    KeyMetadata key = kms().createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)
        .customKeyStoreId(storeId)).keyMetadata();
    assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
    assertThat(key.customKeyStoreId()).isEqualTo(storeId);
    assertThat(key.cloudHsmClusterId()).isEqualTo(cluster.cluster().id());
    assertThat(key.currentKeyMaterialId()).isNull();
    assertThat(tokenObjects(cluster)).contains(key.keyId());

    SdkBytes blob = kms().encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)
        .encryptionContext(java.util.Map.of("purpose", "test"))).ciphertextBlob();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(blob)
        .encryptionContext(java.util.Map.of("purpose", "test"))).plaintext()).isEqualTo(PLAINTEXT);
    expectError(() -> kms().decrypt(r -> r.ciphertextBlob(blob)), "InvalidCiphertextException",
        null);
    var dataKey = kms().generateDataKey(r -> r.keyId(key.arn()).numberOfBytes(32));
    assertThat(kms().decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
        .isEqualTo(dataKey.plaintext());
    String defaultKey = kms().createKey(r -> { }).keyMetadata().keyId();
    SdkBytes moved = kms().reEncrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())
        .destinationKeyId(defaultKey)).ciphertextBlob();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(moved)).plaintext())
        .isEqualTo(dataKey.plaintext());
    assertThat(kms().generateRandom(r -> r.numberOfBytes(64).customKeyStoreId(storeId))
        .plaintext().asByteArray()).hasSize(64);

    kms().scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
    server.clock().advance(Duration.ofDays(8));
    server.assembly().reaper().reapDue();

    assertThat(tokenObjects(cluster)).doesNotContain(key.keyId());
    kms().disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
    kms().deleteCustomKeyStore(r -> r.customKeyStoreId(storeId));
    expectError(() -> kms().describeCustomKeyStores(r -> r.customKeyStoreId(storeId)),
        "CustomKeyStoreNotFoundException", null);
  }

  @Test
  void disconnect_makesKeysUnavailable_andReconnectRestoresTheirOwnState() throws Exception {
    ClusterService.Created cluster = newCluster();
    String storeId = connectedStore(cluster, "unavailable");
    String enabled = kms().createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)
        .customKeyStoreId(storeId)).keyMetadata().keyId();
    String disabledLater = kms().createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)
        .customKeyStoreId(storeId)).keyMetadata().keyId();
    SdkBytes blob = kms().encrypt(r -> r.keyId(enabled).plaintext(PLAINTEXT)).ciphertextBlob();

    kms().disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
    KeyMetadata unavailable = kms().describeKey(r -> r.keyId(enabled)).keyMetadata();
    kms().disableKey(r -> r.keyId(disabledLater));

    assertThat(unavailable.keyState()).isEqualTo(KeyState.UNAVAILABLE);
    assertThat(unavailable.enabled()).isFalse();
    expectError(() -> kms().decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException",
        unavailable.arn() + " is unavailable.");
    expectError(() -> kms().createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)
        .customKeyStoreId(storeId)), "CustomKeyStoreInvalidStateException", null);
    assertThat(kms().describeKey(r -> r.keyId(disabledLater)).keyMetadata().keyState())
        .isEqualTo(KeyState.UNAVAILABLE);

    connect(storeId);
    assertThat(kms().describeKey(r -> r.keyId(enabled)).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
    assertThat(kms().describeKey(r -> r.keyId(disabledLater)).keyMetadata().keyState())
        .isEqualTo(KeyState.DISABLED);
    assertThat(kms().decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(PLAINTEXT);
    expectError(() -> kms().enableKeyRotation(r -> r.keyId(enabled)),
        "UnsupportedOperationException", unavailable.arn()
            + " origin is AWS_CLOUDHSM which is not valid for this operation.");
  }

  @Test
  void tokenWipedWhileConnected_cryptoIsInvalidState_serverAndDataStay() throws Exception {
    ClusterService.Created cluster = newCluster();
    String storeId = connectedStore(cluster, "wiped");
    String keyId = kms().createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)
        .customKeyStoreId(storeId)).keyMetadata().keyId();
    String defaultKey = kms().createKey(r -> { }).keyMetadata().keyId();

    Path tokens = clusterFolder(cluster).resolve("softhsm/tokens");
    try (Stream<Path> files = Files.walk(tokens)) {
      files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(tokens))
          .forEach(p -> p.toFile().delete());
    }

    var failure = expectError(
        () -> kms().encrypt(r -> r.keyId(keyId).plaintext(PLAINTEXT)),
        "KMSInvalidStateException", null);
    assertThat(failure.awsErrorDetails().errorMessage())
        .startsWith("KMS cannot communicate with your CloudHSM cluster: ");
    assertThat(kms().describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.ENABLED);
    assertThat(store(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    assertThat(kms().encrypt(r -> r.keyId(defaultKey).plaintext(PLAINTEXT)).ciphertextBlob())
        .isNotNull();
  }

  @Test
  void restart_connectedStoreLogsInAgain_andThePasswordIsNeverStoredInClear() throws Exception {
    ClusterService.Created cluster = newCluster();
    String storeId = connectedStore(cluster, "restart");
    String keyId = kms().createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)
        .customKeyStoreId(storeId)).keyMetadata().keyId();
    SdkBytes blob = kms().encrypt(r -> r.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();

    server.restart();

    assertThat(store(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    assertThat(kms().decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(PLAINTEXT);
    String password = cluster.kmsuserPassword().revealUtf8();
    byte[] password8 = password.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(server.dataDir())) {
      for (Path file : files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().startsWith("ownkms.db")).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), password8)).as(file.toString()).isEqualTo(-1);
      }
    }
    assertThat(store(storeId).toString()).doesNotContain(password);
  }

  // ---- helpers

  private ClusterService.Created newCluster() {
    return server.assembly().clusters().create(2, List.of("us-east-1a", "us-east-1b"), null);
  }

  private String connectedStore(ClusterService.Created cluster, String name) throws Exception {
    String storeId = kms().createCustomKeyStore(r -> r
        .customKeyStoreName(name + "-" + cluster.cluster().id())
        .cloudHsmClusterId(cluster.cluster().id())
        .trustAnchorCertificate(cluster.cluster().trustAnchorCertificate())
        .keyStorePassword(cluster.kmsuserPassword().revealUtf8())).customKeyStoreId();
    connect(storeId);
    return storeId;
  }

  private void connect(String storeId) throws InterruptedException {
    CustomKeyStores.connect(kms(), storeId);
  }

  private CustomKeyStoresListEntry store(String storeId) {
    return CustomKeyStores.describe(kms(), storeId);
  }

  private static Path clusterFolder(ClusterService.Created cluster) {
    return server.dataDir().resolve("clusters").resolve(cluster.cluster().id());
  }

  /** The labels of the token's objects, as pkcs11-tool (OpenSC) lists them. */
  private static String tokenObjects(ClusterService.Created cluster)
      throws IOException, InterruptedException {
    Path softhsm = clusterFolder(cluster).resolve("softhsm");
    ProcessBuilder builder = new ProcessBuilder("pkcs11-tool", "--module",
        softhsm.resolve("libsofthsm2.so").toString(), "--token-label",
        cluster.cluster().location().tokenLabel(), "--login", "--pin",
        cluster.kmsuserPassword().revealUtf8(), "--list-objects").redirectErrorStream(true);
    builder.environment().put("SOFTHSM2_CONF", softhsm.resolve("softhsm2.conf").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
