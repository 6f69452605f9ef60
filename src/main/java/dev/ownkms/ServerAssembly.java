package dev.ownkms;

import dev.ownkms.api.ClusterAdminApi;
import dev.ownkms.api.VpcEndpointServiceAdminApi;
import dev.ownkms.api.CreateCustomKeyStoreRequest;
import dev.ownkms.api.CustomKeyStoreApi;
import dev.ownkms.api.CustomKeyStoreIdRequest;
import dev.ownkms.api.DescribeCustomKeyStoresRequest;
import dev.ownkms.api.UpdateCustomKeyStoreRequest;
import dev.ownkms.domain.Secret;
import dev.ownkms.protocol.auth.AdminToken;
import dev.ownkms.api.AliasApi;
import dev.ownkms.api.CryptoApi;
import dev.ownkms.api.DecryptRequest;
import dev.ownkms.api.EnableKeyRotationRequest;
import dev.ownkms.api.EncryptRequest;
import dev.ownkms.api.GenerateDataKeyRequest;
import dev.ownkms.api.GenerateRandomRequest;
import dev.ownkms.api.ListKeyRotationsRequest;
import dev.ownkms.api.ReEncryptRequest;
import dev.ownkms.api.RotationApi;
import dev.ownkms.api.AliasNameRequest;
import dev.ownkms.api.AliasTargetRequest;
import dev.ownkms.api.CreateKeyRequest;
import dev.ownkms.api.DescribeKeyRequest;
import dev.ownkms.api.GetKeyPolicyRequest;
import dev.ownkms.api.KeyApi;
import dev.ownkms.api.KeyIdRequest;
import dev.ownkms.api.ListAliasesRequest;
import dev.ownkms.api.ListKeyPoliciesRequest;
import dev.ownkms.api.ListKeysRequest;
import dev.ownkms.api.ListResourceTagsRequest;
import dev.ownkms.api.OperationTable;
import dev.ownkms.api.PolicyApi;
import dev.ownkms.api.PolicyDocuments;
import dev.ownkms.api.PutKeyPolicyRequest;
import dev.ownkms.api.ScheduleKeyDeletionRequest;
import dev.ownkms.api.TagApi;
import dev.ownkms.api.TagResourceRequest;
import dev.ownkms.api.UntagResourceRequest;
import dev.ownkms.api.UpdateKeyDescriptionRequest;
import dev.ownkms.domain.AliasService;
import dev.ownkms.domain.ClusterService;
import dev.ownkms.domain.VpcEndpointServices;
import dev.ownkms.domain.CryptoService;
import dev.ownkms.domain.RotationService;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.pkcs11.RootKey;
import dev.ownkms.domain.KeyDeletionReaper;
import dev.ownkms.domain.KeyService;
import dev.ownkms.domain.TagService;
import dev.ownkms.protocol.ExecutionStats;
import dev.ownkms.protocol.KmsHttpServer;
import dev.ownkms.protocol.auth.AuthMode;
import dev.ownkms.protocol.auth.CredentialsFile;
import dev.ownkms.protocol.auth.RequestAuthenticator;
import dev.ownkms.storage.Database;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a running server by hand, constructor by constructor: data directory, database, domain
 * services, API families, the operation table, authentication and the HTTP endpoint. Closing it
 * stops everything in reverse order.
 */
public final class ServerAssembly implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerAssembly.class);

  private final DataDirectory dataDirectory;
  private final Database database;
  private final RootKey rootKey;
  private final ExecutorService blockingExecutor;
  private final ScheduledExecutorService scheduler;
  private final KmsHttpServer http;
  private final Services services;

  private ServerAssembly(DataDirectory dataDirectory, Database database, RootKey rootKey,
      ExecutorService blockingExecutor, ScheduledExecutorService scheduler, KmsHttpServer http,
      Services services) {
    this.dataDirectory = dataDirectory;
    this.database = database;
    this.rootKey = rootKey;
    this.blockingExecutor = blockingExecutor;
    this.scheduler = scheduler;
    this.http = http;
    this.services = services;
  }

  /** Starts a server; the clock is injected so tests can move time (deletion windows, SigV4). */
  public static ServerAssembly start(ServerConfig config, Clock clock) throws Exception {
    RequestAuthenticator authenticator = new RequestAuthenticator(config.auth(),
        config.auth() == AuthMode.STRICT ? CredentialsFile.load(config.credentialsFile()) : Map.of(),
        clock);
    DataDirectory dataDirectory = DataDirectory.open(config.dataDir());
    Database database = null;
    RootKey rootKey = null;
    ExecutorService blocking = null;
    try {
      rootKey = RootKey.openOrCreate(dataDirectory.root());
      database = Database.openSqlite(dataDirectory.databaseFile());
      blocking = Executors.newVirtualThreadPerTaskExecutor();
      Services services = Services.build(dataDirectory.root(), rootKey, database, blocking, clock,
          config.xksTimeout());
      Secret adminToken = AdminTokens.random();
      KmsHttpServer http = KmsHttpServer.start(
          new InetSocketAddress(config.host(), config.port()), operations(services),
          authenticator, new AdminToken(adminToken), blocking, clock, config.ioThreads());
      KeyDeletionReaper reaper = services.reaper();
      RotationService rotations = services.rotations();
      services.customKeyStores().resumeConnects();
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("reaper").factory());
      long every = config.reaperInterval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> housekeeping(reaper, rotations), 0, every,
          TimeUnit.MILLISECONDS);
      ServerAssembly server = new ServerAssembly(dataDirectory, database, rootKey, blocking,
          scheduler, http, services);
      dataDirectory.writeServerInfo(server.endpoint(), adminToken);
      return server;
    } catch (Exception | Error e) {
      if (blocking != null) {
        blocking.shutdownNow();
      }
      if (database != null) {
        database.close();
      }
      if (rootKey != null) {
        rootKey.close();
      }
      dataDirectory.close();
      throw e;
    }
  }

  /**
   * The X-Amz-Target table: every operation OwnKMS serves, and where it runs. INLINE ones are
   * the hot path: served from caches on the event loop, moved to a virtual thread on a miss.
   */
  static OperationTable operations(Services services) {
    KeyService keys = services.keys();
    AliasService aliases = services.aliases();
    TagService tags = services.tags();
    CryptoService crypto = services.crypto();
    RotationService rotations = services.rotations();
    CustomKeyStoreApi storeApi = new CustomKeyStoreApi(services.customKeyStores(),
        services.externalKeyStores());
    PolicyDocuments policies = new PolicyDocuments();
    KeyApi keyApi = new KeyApi(keys, policies);
    CryptoApi cryptoApi = new CryptoApi(crypto);
    RotationApi rotationApi = new RotationApi(rotations);
    AliasApi aliasApi = new AliasApi(aliases);
    TagApi tagApi = new TagApi(tags);
    PolicyApi policyApi = new PolicyApi(keys, policies);
    OperationTable.Builder table = new VpcEndpointServiceAdminApi(services.vpcEndpointServices())
        .addTo(new ClusterAdminApi(services.clusters()).addTo(OperationTable.builder()));
    return table
        .blocking("CreateCustomKeyStore", CreateCustomKeyStoreRequest.class,
            storeApi::createCustomKeyStore)
        .blocking("DescribeCustomKeyStores", DescribeCustomKeyStoresRequest.class,
            storeApi::describeCustomKeyStores)
        .blocking("UpdateCustomKeyStore", UpdateCustomKeyStoreRequest.class,
            storeApi::updateCustomKeyStore)
        .blocking("ConnectCustomKeyStore", CustomKeyStoreIdRequest.class,
            storeApi::connectCustomKeyStore)
        .blocking("DisconnectCustomKeyStore", CustomKeyStoreIdRequest.class,
            storeApi::disconnectCustomKeyStore)
        .blocking("DeleteCustomKeyStore", CustomKeyStoreIdRequest.class,
            storeApi::deleteCustomKeyStore)
        .blocking("CreateKey", CreateKeyRequest.class, keyApi::createKey)
        .inline("DescribeKey", DescribeKeyRequest.class, keyApi::describeKey)
        .blocking("ListKeys", ListKeysRequest.class, keyApi::listKeys)
        .blocking("UpdateKeyDescription", UpdateKeyDescriptionRequest.class,
            keyApi::updateKeyDescription)
        .blocking("EnableKey", KeyIdRequest.class, keyApi::enableKey)
        .blocking("DisableKey", KeyIdRequest.class, keyApi::disableKey)
        .blocking("ScheduleKeyDeletion", ScheduleKeyDeletionRequest.class,
            keyApi::scheduleKeyDeletion)
        .blocking("CancelKeyDeletion", KeyIdRequest.class, keyApi::cancelKeyDeletion)
        .blocking("CreateAlias", AliasTargetRequest.class, aliasApi::createAlias)
        .blocking("UpdateAlias", AliasTargetRequest.class, aliasApi::updateAlias)
        .blocking("DeleteAlias", AliasNameRequest.class, aliasApi::deleteAlias)
        .blocking("ListAliases", ListAliasesRequest.class, aliasApi::listAliases)
        .blocking("TagResource", TagResourceRequest.class, tagApi::tagResource)
        .blocking("UntagResource", UntagResourceRequest.class, tagApi::untagResource)
        .blocking("ListResourceTags", ListResourceTagsRequest.class, tagApi::listResourceTags)
        .blocking("GetKeyPolicy", GetKeyPolicyRequest.class, policyApi::getKeyPolicy)
        .blocking("PutKeyPolicy", PutKeyPolicyRequest.class, policyApi::putKeyPolicy)
        .blocking("ListKeyPolicies", ListKeyPoliciesRequest.class, policyApi::listKeyPolicies)
        .inline("Encrypt", EncryptRequest.class, cryptoApi::encrypt)
        .inline("Decrypt", DecryptRequest.class, cryptoApi::decrypt)
        .inline("ReEncrypt", ReEncryptRequest.class, cryptoApi::reEncrypt)
        .inline("GenerateDataKey", GenerateDataKeyRequest.class, cryptoApi::generateDataKey)
        .inline("GenerateDataKeyWithoutPlaintext", GenerateDataKeyRequest.class,
            cryptoApi::generateDataKeyWithoutPlaintext)
        .inline("GenerateRandom", GenerateRandomRequest.class, cryptoApi::generateRandom)
        .blocking("EnableKeyRotation", EnableKeyRotationRequest.class,
            rotationApi::enableKeyRotation)
        .blocking("DisableKeyRotation", KeyIdRequest.class, rotationApi::disableKeyRotation)
        .blocking("GetKeyRotationStatus", KeyIdRequest.class, rotationApi::getKeyRotationStatus)
        .blocking("RotateKeyOnDemand", KeyIdRequest.class, rotationApi::rotateKeyOnDemand)
        .blocking("ListKeyRotations", ListKeyRotationsRequest.class,
            rotationApi::listKeyRotations)
        .build();
  }

  public String endpoint() {
    InetSocketAddress address = http.address();
    String host = address.getAddress().isAnyLocalAddress()
        ? "127.0.0.1" : address.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory.root();
  }

  public Path databaseFile() {
    return dataDirectory.databaseFile();
  }

  /** Deletes keys whose waiting period has ended, now (the schedule does it every interval). */
  public KeyDeletionReaper reaper() {
    return services.reaper();
  }

  /** Automatic key rotation, due now (the schedule does it every interval). */
  public RotationService rotations() {
    return services.rotations();
  }

  /** The CloudHSM clusters, as {@code ownkms cluster …} manages them (tests use it directly). */
  public ClusterService clusters() {
    return services.clusters();
  }

  /** The VPC endpoint services, as {@code ownkms vpce …} manages them (tests use it directly). */
  public VpcEndpointServices vpcEndpointServices() {
    return services.vpcEndpointServices();
  }

  /** How INLINE operations were served (tests and, later, metrics). */
  public ExecutionStats executionStats() {
    return http.stats();
  }

  /** For tests in this package that look at key material directly. */
  DefaultKeyStore defaultKeyStore() {
    return services.keyStore();
  }

  private static void housekeeping(KeyDeletionReaper reaper, RotationService rotations) {
    try {
      reaper.reapDue();
    } catch (RuntimeException e) {
      log.error("Deleting keys at the end of their waiting period failed; will retry", e);
    }
    try {
      rotations.rotateDue();
    } catch (RuntimeException e) {
      log.error("Automatic key rotation failed; will retry", e);
    }
  }

  @Override
  public void close() throws Exception {
    scheduler.shutdownNow();
    http.close();
    blockingExecutor.shutdown();
    blockingExecutor.awaitTermination(10, TimeUnit.SECONDS);
    services.close();
    database.close();
    rootKey.close();
    dataDirectory.close();
  }
}
