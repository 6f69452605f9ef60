package dev.ownkms.xksproxy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Tells when the proxy's config file changed. Started before the file is first read, so a write
 * that lands while the proxy starts is seen on the first check instead of being missed.
 */
final class ConfigFileWatch {

  private final Path file;
  private FileTime seen;

  private ConfigFileWatch(Path file, FileTime seen) {
    this.file = file;
    this.seen = seen;
  }

  /** Call before reading the file. */
  static ConfigFileWatch start(Path file) throws IOException {
    return new ConfigFileWatch(file, Files.getLastModifiedTime(file));
  }

  /** Whether the file changed since the last call (or since {@link #start}). */
  boolean changed() throws IOException {
    FileTime now = Files.getLastModifiedTime(file);
    if (now.equals(seen)) {
      return false;
    }
    seen = now;
    return true;
  }
}
