package dev.ownkms.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * kill -9 in the middle of a burst of writes: every acknowledged write is there after a restart,
 * and nothing is half written (each key has all the tags CreateKey gave it in one request).
 */
class CrashDurabilityTest {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final int TAGS_PER_KEY = 3;

  @TempDir
  Path dataDir;

  @Test
  void killDuringWrites_losesNothingAcknowledgedAndLeavesNothingHalfWritten() throws Exception {
    Set<String> acknowledgedKeys = ConcurrentHashMap.newKeySet();
    Set<String> acknowledgedAliases = ConcurrentHashMap.newKeySet();

    Process first = startServerProcess();
    URI endpoint = awaitEndpoint(first);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (KmsClient kms = TestServer.clientFor(endpoint, "AKIDCRASHTEST", "x", "us-east-1")) {
      for (int w = 0; w < 8; w++) {
        int writer = w;
        writers.execute(() -> {
          for (int i = 0; writing.get(); i++) {
            try {
              String keyId = kms.createKey(r -> r.tags(tags())).keyMetadata().keyId();
              acknowledgedKeys.add(keyId);
              String alias = "alias/w" + writer + "-" + i;
              kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
              acknowledgedAliases.add(alias);
            } catch (RuntimeException killed) {
              return;
            }
          }
        });
      }
      awaitAtLeast(acknowledgedKeys, 40);
      first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean close
      writing.set(false);
    } finally {
      writers.shutdown();
      writers.awaitTermination(30, TimeUnit.SECONDS);
    }

    Process second = startServerProcess();
    try (KmsClient kms = TestServer.clientFor(awaitEndpoint(second), "AKIDCRASHTEST", "x",
        "us-east-1")) {
      List<String> present = kms.listKeysPaginator(r -> { }).keys().stream()
          .map(KeyListEntry::keyId).toList();
      assertThat(present).containsAll(acknowledgedKeys);
      for (String keyId : present) {
        assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags()).as(keyId)
            .hasSize(TAGS_PER_KEY);
      }
      for (String alias : acknowledgedAliases) {
        assertThat(kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId()).isNotBlank();
      }
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Tag[] tags() {
    Tag[] tags = new Tag[TAGS_PER_KEY];
    for (int t = 0; t < TAGS_PER_KEY; t++) {
      tags[t] = Tag.builder().tagKey("k" + t).tagValue("v" + t).build();
    }
    return tags;
  }

  /** The server in its own JVM, on this test's classpath, so it can really be killed. */
  private Process startServerProcess() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.ownkms.Main", "serve",
        "--port", "0", "--data-dir", dataDir.toString()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static URI awaitEndpoint(Process process) throws Exception {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return URI.create(m.group(1));
      }
    }
    throw new IllegalStateException("server exited with " + process.waitFor());
  }

  private static void awaitAtLeast(Set<String> set, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (set.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(set).as("writes acknowledged before the kill").hasSizeGreaterThanOrEqualTo(count);
  }
}
