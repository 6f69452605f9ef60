package dev.ownkms.bench;

import dev.ownkms.api.EncryptRequest;
import dev.ownkms.api.EncryptResponse;
import dev.ownkms.protocol.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JSON on the hot path: an Encrypt request as boto3 sends it (64-byte plaintext, one context
 * pair) read into its record, and the Encrypt answer written. Run with {@code bench/jmh.sh Json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonCodecBenchmark {

  private final JsonCodec json = new JsonCodec();
  private final byte[] encryptBody = ("{\"KeyId\":\"alias/bench\",\"Plaintext\":"
      + "\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\","
      + "\"EncryptionContext\":{\"tenant\":\"acme\"}}").getBytes(StandardCharsets.UTF_8);
  private final EncryptResponse encryptAnswer = new EncryptResponse(new byte[129],
      "arn:aws:kms:us-east-1:111122223333:key/d5aac5f4-fdf2-457f-980f-253cda442af0",
      "SYMMETRIC_DEFAULT");

  @Benchmark
  public EncryptRequest readEncryptRequest() {
    return json.read(encryptBody, EncryptRequest.class);
  }

  @Benchmark
  public byte[] writeEncryptResponse() {
    return json.write(encryptAnswer);
  }
}
