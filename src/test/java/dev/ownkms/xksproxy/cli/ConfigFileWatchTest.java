package dev.ownkms.xksproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWatchTest {

  @TempDir
  Path directory;

  @Test
  void aWriteAfterTheWatchStarted_butBeforeTheFirstCheck_isSeen() throws Exception {
    Path config = directory.resolve("xks-proxy.toml");
    Files.writeString(config, "uri_prefix = \"/a\"\n");
    Files.setLastModifiedTime(config, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    ConfigFileWatch watch = ConfigFileWatch.start(config);

    // e.g. a script adds a credential while the proxy is still starting
    Files.writeString(config, "uri_prefix = \"/b\"\n");
    Files.setLastModifiedTime(config, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));

    assertThat(watch.changed()).isTrue();
    assertThat(watch.changed()).isFalse();
  }

  @Test
  void anUntouchedFile_neverReadsAsChanged() throws Exception {
    Path config = Files.writeString(directory.resolve("xks-proxy.yaml"), "uriPrefix: /a\n");
    ConfigFileWatch watch = ConfigFileWatch.start(config);
    assertThat(watch.changed()).isFalse();
    assertThat(watch.changed()).isFalse();
  }
}
