package dev.ownkms;

import static dev.ownkms.testing.Bytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ownkms.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Backing keys reach the disk only sealed by the root key: no file of the data directory (the
 * SQLite database, its WAL, the token) contains a backing key in raw, hex or base64 form.
 */
class KeyMaterialAtRestTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  @Test
  void dataDirectory_holdsNoBackingKeyInClear() throws IOException {
    List<byte[]> backingKeys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String keyId = server.client().createKey(r -> { }).keyMetadata().keyId();
      server.client().rotateKeyOnDemand(r -> r.keyId(keyId));
      server.client().encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")));
      for (int version = 1; version <= 2; version++) {
        backingKeys.add(server.assembly().defaultKeyStore()
            .backingKey(keyId, version, () -> fail("the new key's material should be cached"))
            .key().getEncoded());
      }
    }

    List<byte[]> files = dataFiles(server.dataDir());
    assertThat(files).as("database and token files").hasSizeGreaterThanOrEqualTo(3);
    for (byte[] key : backingKeys) {
      assertThat(key).hasSize(32);
      for (byte[] form : List.of(key, ascii(HexFormat.of().formatHex(key)),
          ascii(Base64.getEncoder().encodeToString(key)))) {
        for (byte[] file : files) {
          assertThat(indexOf(file, form)).as("a backing key in a data file").isEqualTo(-1);
        }
      }
    }
  }

  private static List<byte[]> dataFiles(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<byte[]> contents = new ArrayList<>();
      for (Path p : paths.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".so")).toList()) {
        contents.add(Files.readAllBytes(p));
      }
      return contents;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
