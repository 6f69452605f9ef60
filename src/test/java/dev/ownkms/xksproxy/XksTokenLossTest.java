package dev.ownkms.xksproxy;

import static dev.ownkms.xksproxy.XksConformanceCases.encryptBody;
import static dev.ownkms.xksproxy.XksConformanceCases.health;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.xksproxy.XksTestClient.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The token going away and coming back (issue "Bad input"): while its folder is gone, Encrypt
 * answers {@code InternalException} and health says {@code UNAVAILABLE}; once it is back, the
 * proxy reconnects (a fresh SoftHSM instance) and serves again, without a restart.
 */
class XksTokenLossTest {

  @Test
  void tokenFolderRemovedAndRestored_answersInternalException_thenRecovers() throws Exception {
    Path directory = Files.createTempDirectory("xks-token-loss");
    try (QuickStart.Started proxy = QuickStart.start(directory,
        QuickStart.Options.http().withHealthInterval(Duration.ofMillis(200)))) {
      XksTestClient client = XksTestClient.of(proxy);
      String encrypt = "/keys/" + QuickStart.KEY_IDS.getFirst() + "/encrypt";
      assertThat(client.post(encrypt, encryptBody(new byte[32], null, false)).status())
          .isEqualTo(200);

      Path tokens = directory.resolve("token/softhsm/tokens");
      Path away = directory.resolve("tokens-away");
      Files.move(tokens, away);
      Answer failed = awaitAnswer(() -> client.post(encrypt, encryptBody(new byte[32], null,
          false)), a -> a.status() != 200);
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.errorName()).isEqualTo("InternalException");
      Answer unavailable = awaitAnswer(() -> client.post("/health", health()),
          a -> a.body().contains("UNAVAILABLE"));
      assertThat(unavailable.status()).isEqualTo(200);

      Files.move(away, tokens);
      Answer recovered = awaitAnswer(() -> client.post(encrypt, encryptBody(new byte[32], null,
          false)), a -> a.status() == 200);
      assertThat(recovered.status()).isEqualTo(200);
      assertThat(awaitAnswer(() -> client.post("/health", health()),
          a -> a.body().contains("ACTIVE")).body()).contains("\"healthStatus\":\"ACTIVE\"");
    } finally {
      TempFiles.deleteQuietly(directory);
    }
  }

  /** Polls for up to 15 s: the health check runs every 200 ms, keys are re-read after 1 s. */
  private static Answer awaitAnswer(Supplier<Answer> call, Predicate<Answer> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Answer answer = call.get();
    while (!done.test(answer) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      answer = call.get();
    }
    return answer;
  }
}
