package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.ServerAssembly;
import dev.ownkms.ServerConfig;
import dev.ownkms.protocol.auth.AuthMode;
import dev.ownkms.testing.MutableClock;
import dev.ownkms.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@code --auth strict}: real signatures from the SDK for Java v2 are verified (DESIGN.md "Accounts"). */
class StrictAuthTest {

  @TempDir
  static Path dir;

  // A clock near real time: the SDK signs with the real clock, the server checks skew with this.
  private static final MutableClock clock = new MutableClock(Instant.now());
  private static ServerAssembly server;
  private static URI endpoint;

  @BeforeAll
  static void start() throws Exception {
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, """
        [alice]
        aws_access_key_id = AKIAALICEEXAMPLE0001
        aws_secret_access_key = alice-secret
        account_id = 123456789012
        """);
    server = ServerAssembly.start(new ServerConfig("127.0.0.1", 0, dir.resolve("data"),
        AuthMode.STRICT, credentials, Duration.ofMinutes(1), ServerConfig.XKS_TIMEOUT, 0),
        clock);
    endpoint = URI.create(server.endpoint());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void rightSecret_isServedInTheCredentialsAccount() {
    KmsClient alice = TestServer.clientFor(endpoint, "AKIAALICEEXAMPLE0001", "alice-secret",
        "eu-central-1");

    assertThat(alice.createKey(r -> { }).keyMetadata().arn())
        .startsWith("arn:aws:kms:eu-central-1:123456789012:key/");
  }

  @Test
  void wrongSecret_isInvalidSignature() {
    KmsClient mallory = TestServer.clientFor(endpoint, "AKIAALICEEXAMPLE0001", "guess",
        "us-east-1");

    expectError(() -> mallory.listKeys(r -> { }), "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check"
            + " your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.");
  }

  @Test
  void unknownAccessKey_isUnrecognizedClient() {
    KmsClient stranger = TestServer.clientFor(endpoint, "AKIASTRANGEREXAMPLE1", "x", "us-east-1");

    expectError(() -> stranger.listKeys(r -> { }), "UnrecognizedClientException",
        "The security token included in the request is invalid.");
  }
}
