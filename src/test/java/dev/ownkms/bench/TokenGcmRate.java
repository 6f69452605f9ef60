package dev.ownkms.bench;

import dev.ownkms.domain.cloudhsm.ClusterBackend.TokenPins;
import dev.ownkms.domain.cloudhsm.ClusterToken;
import dev.ownkms.domain.cloudhsm.TokenLocation;
import dev.ownkms.pkcs11.ClusterTokens;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw AES-GCM rate of a fresh SoftHSM token, through the same classes a CloudHSM key store
 * uses ({@link ClusterTokens}, the SunPKCS11 token session): the denominator of the benchmark's
 * "CloudHSM-store Encrypt ≥ 45% of the raw token GCM rate" target. Nothing of OwnKMS's request
 * path is in it: one AES-256 key in the token, then {@code encrypt(label, iv, 64 B, aad)} in a
 * loop on N threads, each IV fresh (a counter per thread), the AAD as long as the one OwnKMS
 * passes (29-byte header + a one-pair canonical context).
 *
 * <p>Usage: {@code TokenGcmRate [threads=2] [warmup seconds=2] [seconds=3]}; prints one JSON
 * line: {@code {"threads":2,"seconds":3.0,"operations":…,"ops_per_s":…}}.
 */
public final class TokenGcmRate {

  private static final int PLAINTEXT_BYTES = 64;
  private static final int AAD_BYTES = 29 + 24;

  private TokenGcmRate() {
  }

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    double warmupSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
    Path dataDir = Files.createTempDirectory("ownkms-token-gcm-");
    try {
      ClusterTokens tokens = new ClusterTokens(dataDir);
      TokenPins pins = tokens.createToken("bench-cluster", "bench-token");
      ClusterToken token = tokens.connect("bench-cluster",
          TokenLocation.inDataDirectory("bench-token"), pins.kmsuserPassword());
      token.generateAes256("bench-key");
      run(token, threads, warmupSeconds);
      long operations = run(token, threads, seconds);
      tokens.disconnect("bench-cluster");
      System.out.printf("{\"threads\":%d,\"seconds\":%.1f,\"plaintext_bytes\":%d,"
              + "\"aad_bytes\":%d,\"operations\":%d,\"ops_per_s\":%.1f}%n", threads, seconds,
          PLAINTEXT_BYTES, AAD_BYTES, operations, operations / seconds);
    } finally {
      deleteTree(dataDir);
    }
  }

  /** Encrypts on {@code threads} threads for {@code seconds}; returns how many completed. */
  private static long run(ClusterToken token, int threads, double seconds)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int threadIndex = t;
      workers.add(Thread.ofPlatform().start(() -> {
        byte[] plaintext = new byte[PLAINTEXT_BYTES];
        byte[] aad = new byte[AAD_BYTES];
        ByteBuffer iv = ByteBuffer.allocate(12);
        long counter = System.nanoTime();
        awaitQuietly(start);
        while (!stop.get()) {
          byte[] ivBytes = iv.clear().putInt(threadIndex).putLong(counter++).array().clone();
          byte[] sealed = token.encrypt("bench-key", ivBytes, plaintext, aad);
          if (sealed.length != PLAINTEXT_BYTES + 16) {
            throw new IllegalStateException("unexpected output length " + sealed.length);
          }
          done.increment();
        }
      }));
    }
    start.countDown();
    Thread.sleep((long) (seconds * 1000));
    long operations = done.sum();
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    return operations;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
