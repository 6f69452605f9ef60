package dev.ownkms;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.domain.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server's data directory: the SQLite file and, later, tokens and config. One server at a time
 * may use it (a file lock says so); while it runs, {@code server.json} tells scripts and admin
 * commands where it listens. Owner-only permissions: it will hold secrets.
 */
final class DataDirectory implements AutoCloseable {

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  static DataDirectory open(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    ownerOnly(root, "rwx------");
    FileChannel channel = FileChannel.open(root.resolve(".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("another OwnKMS server is using the data directory " + root
          + " (see " + root.resolve("server.json") + ")");
    }
    return new DataDirectory(root, channel, lock);
  }

  Path root() {
    return root;
  }

  Path databaseFile() {
    return root.resolve("ownkms.db");
  }

  Path serverInfoFile() {
    return root.resolve("server.json");
  }

  /**
   * Writes {@code server.json}, owner-only: the endpoint and process of the running server and
   * the token of its admin API (DESIGN.md "Admin commands").
   */
  void writeServerInfo(String endpoint, Secret adminToken) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("endpoint", endpoint);
    info.put("pid", ProcessHandle.current().pid());
    info.put("adminToken", adminToken.revealUtf8());
    try {
      Path tmp = root.resolve("server.json.tmp");
      Files.write(tmp, new ObjectMapper().writeValueAsBytes(info));
      ownerOnly(tmp, "rw-------");
      Files.move(tmp, serverInfoFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + serverInfoFile(), e);
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(serverInfoFile());
    lock.release();
    lockChannel.close();
  }

  private static void ownerOnly(Path path, String permissions) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
