package dev.ownkms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void secondOpen_whileTheFirstIsOpen_isRefusedNamingTheDirectory() throws Exception {
    try (DataDirectory first = DataDirectory.open(dir.resolve("data"))) {
      assertThatThrownBy(() -> DataDirectory.open(dir.resolve("data")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another OwnKMS server is using the data directory");
    }
    DataDirectory.open(dir.resolve("data")).close();
  }

  @Test
  void serverInfo_isOwnerOnlyAndGoneAfterClose() throws Exception {
    Path info;
    try (DataDirectory data = DataDirectory.open(dir.resolve("data"))) {
      data.writeServerInfo("http://127.0.0.1:1234", dev.ownkms.domain.Secret.of("admin-token"));
      info = data.serverInfoFile();
      assertThat(Files.readString(info)).contains("\"endpoint\":\"http://127.0.0.1:1234\"")
          .contains("\"adminToken\":\"admin-token\"");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(info)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.root())))
          .isEqualTo("rwx------");
    }
    assertThat(info).doesNotExist();
  }
}
