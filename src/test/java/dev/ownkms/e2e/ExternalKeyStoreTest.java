package dev.ownkms.e2e;

import static dev.ownkms.testing.Bytes.indexOf;
import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.xksproxy.QuickStart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.ownkms.testing.CustomKeyStores;
import dev.ownkms.testing.TestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * External key stores end to end with the SDK v2 client: a real {@code ownkms xks-proxy} (mTLS,
 * private CA trusted through the data directory) and OwnKMS calling it with SigV4.
 */
class ExternalKeyStoreTest {

  @RegisterExtension
  static TestServer server = new TestServer(Duration.ofSeconds(2));

  @TempDir
  static Path proxyDirectory;

  private static QuickStart.Started proxy;

  private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("behind the proxy");
  private static final Map<String, String> CONTEXT = Map.of("purpose", "test");

  @BeforeAll
  static void startProxy() throws Exception {
    proxy = QuickStart.start(proxyDirectory, QuickStart.Options.mutualTls());
    QuickStart.trustInto(proxy.caCertificate().orElseThrow(), server.dataDir(), "e2e");
    QuickStart.clientInto(proxy.clientCertificate().orElseThrow(),
        proxy.clientKey().orElseThrow(), server.dataDir());
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  /** Each test its own account: one endpoint and path per account (XksProxyUriInUse). */
  private KmsClient kms;

  private KmsClient kms() {
    return kms;
  }

  private void asAccount(String accountId) {
    kms = server.client(accountId, "us-east-1");
  }

  @Test
  void doubleEncryption_throughTheProxy_withEveryCryptoOperation() throws Exception {
    asAccount("111111111111");
    String storeId = connectedStore("crypto");
    KeyMetadata key = kms().createKey(r -> r.origin(OriginType.EXTERNAL_KEY_STORE)
        .customKeyStoreId(storeId).xksKeyId(QuickStart.KEY_IDS.get(1))).keyMetadata();
    assertThat(key.origin()).isEqualTo(OriginType.EXTERNAL_KEY_STORE);
    assertThat(key.customKeyStoreId()).isEqualTo(storeId);
    assertThat(key.xksKeyConfiguration().id()).isEqualTo(QuickStart.KEY_IDS.get(1));
    assertThat(key.currentKeyMaterialId()).isNull();

    SdkBytes blob = kms().encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)
        .encryptionContext(CONTEXT)).ciphertextBlob();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT))
        .plaintext()).isEqualTo(PLAINTEXT);
    expectError(() -> kms().decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException",
        "The external key store proxy rejected the request because the specified ciphertext or"
            + " encryption context is corrupted, missing, or otherwise invalid.");

    var dataKey = kms().generateDataKey(r -> r.keyId(key.arn()).numberOfBytes(32));
    assertThat(kms().decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
        .isEqualTo(dataKey.plaintext());
    SdkBytes wrapped = kms().generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId())
        .numberOfBytes(16)).ciphertextBlob();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(wrapped)).plaintext().asByteArray())
        .hasSize(16);
    String defaultKey = kms().createKey(r -> { }).keyMetadata().keyId();
    SdkBytes moved = kms().reEncrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())
        .destinationKeyId(defaultKey)).ciphertextBlob();
    SdkBytes back = kms().reEncrypt(r -> r.ciphertextBlob(moved)
        .destinationKeyId(key.keyId())).ciphertextBlob();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(back)).plaintext())
        .isEqualTo(dataKey.plaintext());

    expectError(() -> kms().generateRandom(r -> r.numberOfBytes(8).customKeyStoreId(storeId)),
        "UnsupportedOperationException", null);
    expectError(() -> kms().enableKeyRotation(r -> r.keyId(key.keyId())),
        "UnsupportedOperationException",
        key.arn() + " origin is EXTERNAL_KEY_STORE which is not valid for this operation.");
  }

  @Test
  void disconnect_makesKeysUnavailable_reconnectBringsThemBack() throws Exception {
    asAccount("222222222222");
    String storeId = connectedStore("disconnect");
    String keyId = kms().createKey(r -> r.origin(OriginType.EXTERNAL_KEY_STORE)
        .customKeyStoreId(storeId).xksKeyId(QuickStart.KEY_IDS.get(2))).keyMetadata().keyId();
    SdkBytes blob = kms().encrypt(r -> r.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();

    kms().disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));

    assertThat(kms().describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
        .isEqualTo(KeyState.UNAVAILABLE);
    String arn = kms().describeKey(r -> r.keyId(keyId)).keyMetadata().arn();
    expectError(() -> kms().decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException",
        arn + " is unavailable.");
    expectError(() -> kms().createKey(r -> r.origin(OriginType.EXTERNAL_KEY_STORE)
            .customKeyStoreId(storeId).xksKeyId("xks-key-3")),
        "CustomKeyStoreInvalidStateException", "This KMS key is in a custom key store that is"
            + " not connected to its external key store proxy. Connect the external key store"
            + " and try the request again.");

    connect(storeId);
    assertThat(kms().decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(PLAINTEXT);
  }

  @Test
  void restart_storeStaysConnected_andTheSecretIsNeverStoredOrShownInClear() throws Exception {
    asAccount("333333333333");
    String storeId = connectedStore("restart");
    String keyId = kms().createKey(r -> r.origin(OriginType.EXTERNAL_KEY_STORE)
        .customKeyStoreId(storeId).xksKeyId(QuickStart.KEY_IDS.get(0))).keyMetadata().keyId();
    SdkBytes blob = kms().encrypt(r -> r.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();

    server.restart();
    asAccount("333333333333");

    CustomKeyStoresListEntry entry = store(storeId);
    assertThat(entry.connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    assertThat(entry.customKeyStoreType()).isEqualTo(CustomKeyStoreType.EXTERNAL_KEY_STORE);
    assertThat(entry.xksProxyConfiguration().connectivity())
        .isEqualTo(XksProxyConnectivityType.PUBLIC_ENDPOINT);
    assertThat(entry.xksProxyConfiguration().accessKeyId()).isEqualTo(proxy.accessKeyId());
    assertThat(entry.xksProxyConfiguration().uriEndpoint()).isEqualTo(proxy.uriEndpoint());
    assertThat(entry.xksProxyConfiguration().uriPath()).isEqualTo(proxy.uriPath());
    assertThat(entry.cloudHsmClusterId()).isNull();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(PLAINTEXT);

    String secret = proxy.secretAccessKey().revealUtf8();
    assertThat(entry.toString()).doesNotContain(secret);
    try (Stream<Path> files = Files.walk(server.dataDir())) {
      for (Path file : files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().startsWith("ownkms.db")).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), secret.getBytes(StandardCharsets.UTF_8)))
            .as(file.toString()).isEqualTo(-1);
      }
    }
  }

  // ---- helpers

  private String connectedStore(String name) throws InterruptedException {
    String storeId = kms().createCustomKeyStore(r -> r.customKeyStoreName(name)
        .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
        .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
        .xksProxyUriEndpoint(proxy.uriEndpoint()).xksProxyUriPath(proxy.uriPath())
        .xksProxyAuthenticationCredential(c -> c.accessKeyId(proxy.accessKeyId())
            .rawSecretAccessKey(proxy.secretAccessKey().revealUtf8()))).customKeyStoreId();
    connect(storeId);
    return storeId;
  }

  private void connect(String storeId) throws InterruptedException {
    CustomKeyStores.connect(kms(), storeId);
  }

  private CustomKeyStoresListEntry store(String storeId) {
    return CustomKeyStores.describe(kms(), storeId);
  }
}
