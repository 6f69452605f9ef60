package dev.ownkms.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SoftHSM2 of one data directory: {@code <data-dir>/softhsm/} holds its own
 * {@code softhsm2.conf}, token folder {@code tokens/} and a copy of {@code libsofthsm2.so}.
 *
 * <p>Why a copy: SoftHSM reads {@code SOFTHSM2_CONF} once, in {@code C_Initialize}, and the process
 * loads a library file once, so one library file means one token folder per process. A copy under
 * another path is a separate instance (pkcs11-softhsm.md §1, §8), so several servers with different
 * data directories can share a JVM, as the tests do. {@link #load()} loads and initialises each copy
 * once per process and hands the same {@link Pkcs11Library} to later callers (a server restarted on
 * the same directory in the same JVM); that registry is process-wide because the loaded library
 * is.
 */
final class SoftHsmDirectory {

  static final Path SYSTEM_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  private static final ReentrantLock LOCK = new ReentrantLock();
  /** Library copy (real path) → the loaded instance and the file it was loaded from. */
  private static final Map<Path, Loaded> LOADED = new HashMap<>();

  private final Path directory;
  private final Path systemLibrary;

  private SoftHsmDirectory(Path directory, Path systemLibrary) {
    this.directory = directory;
    this.systemLibrary = systemLibrary;
  }

  /** The SoftHSM folder of a data directory, created (owner-only) if missing. */
  static SoftHsmDirectory in(Path dataDirectory, Path systemLibrary) {
    try {
      Files.createDirectories(dataDirectory);
      // The real path: a second spelling of the same directory must find the same loaded library.
      Path directory = dataDirectory.toRealPath().resolve("softhsm");
      createOwnerOnlyDirectory(directory);
      createOwnerOnlyDirectory(directory.resolve("tokens"));
      return new SoftHsmDirectory(directory, systemLibrary);
    } catch (IOException e) {
      throw new TokenException("cannot create the SoftHSM folder in " + dataDirectory, e);
    }
  }

  Path path() {
    return directory;
  }

  Path configFile() {
    return directory.resolve("softhsm2.conf");
  }

  Path tokenDirectory() {
    return directory.resolve("tokens");
  }

  Path libraryCopy() {
    return directory.resolve("libsofthsm2.so");
  }

  /**
   * The library of this directory, initialised with OS locking for this directory's token folder.
   * The first call in a process writes the config, refreshes the library copy and initialises it;
   * later calls return the same instance.
   */
  Pkcs11Library load() {
    LOCK.lock();
    try {
      Loaded loaded = LOADED.get(libraryCopy());
      if (loaded != null) {
        if (!Objects.equals(loaded.fileKey(), fileKey(libraryCopy()))) {
          throw new TokenException("the data directory " + directory.getParent()
              + " was deleted or replaced while this process had its SoftHSM loaded;"
              + " SoftHSM cannot reload it: restart the process");
        }
        return loaded.library();
      }
      writeConfig();
      refreshLibraryCopy();
      Pkcs11Library library = NativeEnvironment.withVariable("SOFTHSM2_CONF",
          configFile().toString(), this::loadAndInitialize);
      LOADED.put(libraryCopy(), new Loaded(library, fileKey(libraryCopy())));
      return library;
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Loads and initialises one more copy of the library for this directory, under a new file name:
   * a fresh SoftHSM instance that scans the token folder again. The only recovery for a token
   * folder that was removed and restored under a running process (pkcs11-softhsm.md §8). The copy
   * stays loaded for the life of the process; {@link #load()} keeps returning the first instance.
   */
  Pkcs11Library loadFreshCopy() {
    LOCK.lock();
    try {
      writeConfig();
      Path copy;
      int n = 1;
      do {
        copy = directory.resolve("libsofthsm2-reload" + n++ + ".so");
      } while (LOADED.containsKey(copy));
      Path source = Files.exists(systemLibrary) ? systemLibrary : libraryCopy();
      try {
        Path tmp = Files.createTempFile(directory, "libsofthsm2.so", ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new TokenException("cannot copy " + source + " to " + copy, e);
      }
      Path file = copy;
      Pkcs11Library library = NativeEnvironment.withVariable("SOFTHSM2_CONF",
          configFile().toString(), () -> loadAndInitialize(file));
      LOADED.put(copy, new Loaded(library, fileKey(copy)));
      return library;
    } finally {
      LOCK.unlock();
    }
  }

  private Pkcs11Library loadAndInitialize() {
    return loadAndInitialize(libraryCopy());
  }

  private Pkcs11Library loadAndInitialize(Path libraryFile) {
    Pkcs11Library library;
    try {
      library = Pkcs11Library.load(libraryFile);
    } catch (IllegalArgumentException e) {
      throw new TokenException("cannot load " + libraryFile + " (is " + directory
          + " on a file system mounted noexec?)", e);
    }
    try {
      library.initializeWithOsLocking();
    } catch (Pkcs11CallException e) {
      throw new TokenException("SoftHSM in " + libraryFile + " would not initialise with "
          + configFile() + "; check that file and the token folder " + tokenDirectory(), e);
    }
    return library;
  }

  /** Whether this process has loaded this directory's library (its token folder is then fixed). */
  boolean isLoaded() {
    LOCK.lock();
    try {
      return LOADED.containsKey(libraryCopy());
    } finally {
      LOCK.unlock();
    }
  }

  /** Derived from the directory's location, so it is rewritten if the data directory moved. */
  private void writeConfig() {
    String config = """
        # Written by OwnKMS for this data directory; SoftHSM finds it through SOFTHSM2_CONF.
        directories.tokendir = %s
        objectstore.backend = file
        log.level = ERROR
        slots.removable = false
        """.formatted(tokenDirectory());
    try {
      Path file = configFile();
      if (Files.exists(file) && Files.readString(file).equals(config)) {
        return;
      }
      Path tmp = Files.createTempFile(directory, "softhsm2.conf", ".tmp");
      Files.writeString(tmp, config, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TokenException("cannot write " + configFile(), e);
    }
  }

  /**
   * Copies the system's SoftHSM when the copy is missing or differs (a package upgrade). The copy
   * is replaced by rename, never rewritten in place: another process may have the old file mapped.
   * Without a system SoftHSM the existing copy is used as it is.
   */
  private void refreshLibraryCopy() {
    Path copy = libraryCopy();
    try {
      if (!Files.exists(systemLibrary)) {
        if (Files.exists(copy)) {
          return;
        }
        throw new TokenException("SoftHSM2 is not installed: " + systemLibrary
            + " does not exist (Debian/Ubuntu: apt-get install softhsm2)");
      }
      if (Files.exists(copy) && Files.mismatch(systemLibrary, copy) == -1) {
        return;
      }
      Path tmp = Files.createTempFile(directory, "libsofthsm2.so", ".tmp");
      Files.copy(systemLibrary, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TokenException("cannot copy " + systemLibrary + " to " + copy, e);
    }
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static void createOwnerOnlyDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  @Override
  public String toString() {
    return "SoftHSM folder " + directory;
  }

  private record Loaded(Pkcs11Library library, Object fileKey) {}
}
