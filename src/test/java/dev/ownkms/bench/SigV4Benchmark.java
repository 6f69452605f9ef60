package dev.ownkms.bench;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.Secret;
import dev.ownkms.protocol.auth.AuthMode;
import dev.ownkms.protocol.auth.CredentialsFile.Credential;
import dev.ownkms.protocol.auth.RequestAuthenticator;
import dev.ownkms.protocol.auth.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Authentication of one request: parse {@code Authorization}, check the signed headers and the
 * scope, and in strict mode verify the signature (canonical request, two SHA-256, one HMAC with
 * a cached signing key). The request is an Encrypt signed by botocore 1.43.11 {@code SigV4Auth}
 * (secret {@code secret}); the clock is fixed at its signing time. Run with
 * {@code bench/jmh.sh SigV4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SigV4Benchmark {

  private static final String BODY = "{\"KeyId\":\"alias/bench\",\"Plaintext\":"
      + "\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\","
      + "\"EncryptionContext\":{\"tenant\":\"acme\"}}";
  private static final Map<String, List<String>> HEADERS = Map.of(
      "host", List.of("127.0.0.1:4599"),
      "content-type", List.of("application/x-amz-json-1.1"),
      "x-amz-target", List.of("TrentService.Encrypt"),
      "x-amz-date", List.of("20261123T203937Z"),
      "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/kms/"
          + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
          + "7f00a43aa8ba5f09f00b8c5985dbb8211f73b2ec756c78cbba2119d2725edacb"));
  private static final Instant SIGNED_AT = Instant.parse("2026-11-23T20:39:37Z");

  /** A received request as the HTTP layer hands it over (header names looked up lower-case). */
  record Received(byte[] body) implements SignedRequest {
    @Override public String method() {
      return "POST";
    }

    @Override public String rawPath() {
      return "/";
    }

    @Override public String rawQuery() {
      return "";
    }

    @Override public List<String> headerValues(String name) {
      return HEADERS.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  @Param({"PERMISSIVE", "STRICT"})
  AuthMode mode;

  private RequestAuthenticator authenticator;
  private final Received request = new Received(BODY.getBytes(StandardCharsets.UTF_8));

  @Setup
  public void setUp() {
    authenticator = new RequestAuthenticator(mode,
        Map.of("AKIDEXAMPLE", new Credential("AKIDEXAMPLE", Secret.of("secret"), "111122223333")),
        Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
    // A wrong vector would make the benchmark measure the failure path.
    if (!authenticate().accountId().equals("111122223333")) {
      throw new IllegalStateException("unexpected caller");
    }
  }

  @Benchmark
  public Caller authenticate() {
    return authenticator.authenticate(request);
  }
}
