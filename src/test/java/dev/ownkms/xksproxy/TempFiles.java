package dev.ownkms.xksproxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes a test's temporary folder (a token folder only after its proxy has stopped). */
final class TempFiles {

  private TempFiles() {}

  static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the OS cleans /tmp eventually
    }
  }
}
