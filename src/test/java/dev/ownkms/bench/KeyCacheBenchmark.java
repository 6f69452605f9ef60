package dev.ownkms.bench;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.CloudHsmConnections;
import dev.ownkms.domain.CloudHsmKeys;
import dev.ownkms.domain.Secrets;
import dev.ownkms.keystore.cloudhsm.TokenCiphertext;
import dev.ownkms.pkcs11.ClusterTokens;
import dev.ownkms.domain.CryptoService;
import dev.ownkms.domain.ExternalKeys;
import dev.ownkms.domain.XksConnector;
import dev.ownkms.domain.KeyLookup;
import dev.ownkms.domain.KeyService;
import dev.ownkms.domain.KeySpec;
import dev.ownkms.domain.KeyUsage;
import dev.ownkms.domain.Origin;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.keystore.xks.XksClients;
import dev.ownkms.pkcs11.RootKey;
import dev.ownkms.storage.Database;
import dev.ownkms.storage.JdbcKmsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The domain's Encrypt below the protocol: find the key (metadata cache, reloaded from SQLite
 * once a second per key, as KMS's eventual consistency allows), check its state and usage, get
 * the unsealed backing key from its cache, seal the plaintext. Over one key, and over 1,000 keys
 * picked at random (each reload is a real SQLite read). Run with {@code bench/jmh.sh KeyCache}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyCacheBenchmark {

  @Param({"1", "1000"})
  int keys;

  private final Caller caller = new Caller("111122223333", "us-east-1");
  private final byte[] plaintext = new byte[64];
  private RootKey rootKey;
  private Database database;
  private CryptoService crypto;
  private List<CryptoService.Request> requests;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dataDir = Files.createTempDirectory("ownkms-bench-");
    rootKey = RootKey.openOrCreate(dataDir);
    database = Database.openSqlite(dataDir.resolve("ownkms.db"));
    JdbcKmsStore store = new JdbcKmsStore(database);
    DefaultKeyStore keyStore =
        new DefaultKeyStore(rootKey, SecureRandom.getInstance("DRBG"), 100_000);
    KeyLookup lookup = new KeyLookup(store);
    CloudHsmKeys cloudHsmKeys = new CloudHsmKeys(store, new CloudHsmConnections(store,
        new ClusterTokens(dataDir), new Secrets(rootKey)), new TokenCiphertext(new SecureRandom()));
    ExternalKeys externalKeys = new ExternalKeys(store, new XksConnector(
        new XksClients(dataDir, Duration.ofMillis(250)), new Secrets(rootKey)));
    KeyService keyService = new KeyService(store, lookup, keyStore, cloudHsmKeys, externalKeys,
        Clock.systemUTC());
    crypto = new CryptoService(store, lookup, keyStore, cloudHsmKeys, externalKeys);
    KeyService.NewKey newKey = new KeyService.NewKey("", KeySpec.SYMMETRIC_DEFAULT,
        KeyUsage.ENCRYPT_DECRYPT, Origin.AWS_KMS, null, List.of(), null, null);
    requests = new java.util.ArrayList<>();
    for (int i = 0; i < keys; i++) {
      String keyId = keyService.create(caller, newKey).keyId();
      requests.add(new CryptoService.Request(keyId, Map.of(), null, false));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    database.close();
    rootKey.close();
  }

  @Benchmark
  public CryptoService.Encrypted encrypt() {
    CryptoService.Request request = requests.get(ThreadLocalRandom.current().nextInt(keys));
    return crypto.encrypt(caller, request, plaintext, "Encrypt");
  }
}
