package dev.ownkms.bench;

import dev.ownkms.keystore.BackingKey;
import dev.ownkms.keystore.Ciphertext;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.pkcs11.RootKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
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
 * The default store's encrypt/decrypt core, per operation: per-message key derivation
 * (HMAC-SHA256), AES-256-GCM, header and canonical context as AAD. The backing key comes from the
 * cache, as on the hot path; the root key (a real SoftHSM token) only sealed it once at setup.
 * Run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CryptoCoreBenchmark {

  @Param({"64", "4096"})
  int plaintextBytes;

  private RootKey rootKey;
  private DefaultKeyStore keyStore;
  private BackingKey backingKey;
  private byte[] plaintext;
  private Ciphertext ciphertext;
  private final Map<String, String> context = Map.of("tenant", "acme", "purpose", "bench");

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dataDir = Files.createTempDirectory("ownkms-bench-");
    rootKey = RootKey.openOrCreate(dataDir);
    keyStore = new DefaultKeyStore(rootKey, SecureRandom.getInstance("DRBG"), 16);
    backingKey = keyStore.generate(UUID.randomUUID().toString(), 1).backingKey();
    plaintext = keyStore.randomBytes(plaintextBytes);
    ciphertext = Ciphertext.parse(keyStore.encrypt(backingKey, plaintext, context));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rootKey.close();
  }

  @Benchmark
  public byte[] encrypt() {
    return keyStore.encrypt(backingKey, plaintext, context);
  }

  @Benchmark
  public byte[] decrypt() {
    return keyStore.decrypt(backingKey, ciphertext, context);
  }

  @Benchmark
  public Ciphertext parseBlob() {
    return Ciphertext.parse(ciphertext.toBytes());
  }
}
