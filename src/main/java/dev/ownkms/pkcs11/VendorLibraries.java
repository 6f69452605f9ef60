package dev.ownkms.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The PKCS#11 libraries of registered clusters ({@code ownkms cluster register --library …}),
 * each loaded and initialised once per process, with the cluster's environment variables set
 * during its {@code C_Initialize} (SoftHSM reads {@code SOFTHSM2_CONF} there and never again).
 * Process-wide, like the loaded libraries themselves.
 */
final class VendorLibraries {

  private static final ReentrantLock LOCK = new ReentrantLock();
  /** Real path of the file → the loaded library and the environment it was initialised with. */
  private static final Map<Path, Loaded> LOADED = new HashMap<>();

  private VendorLibraries() {}

  /**
   * The library at this path, loaded and initialised with {@code CKF_OS_LOCKING_OK} under this
   * environment on first use.
   *
   * @throws LibraryMissingException when the file is missing or is no loadable PKCS#11 library
   * @throws TokenException when it is loaded already with another environment, or will not
   *     initialise
   */
  static Pkcs11Library load(Path library, Map<String, String> environment) {
    Path realPath;
    try {
      realPath = library.toRealPath();
    } catch (IOException e) {
      throw new LibraryMissingException("the PKCS#11 library " + library + " does not exist", e);
    }
    LOCK.lock();
    try {
      Loaded loaded = LOADED.get(realPath);
      if (loaded != null) {
        if (!loaded.environment().equals(environment)) {
          throw new TokenException("the PKCS#11 library " + library + " is loaded in this process"
              + " already with other environment variables, and a library reads them only once;"
              + " register a copy of the library under another path");
        }
        return loaded.library();
      }
      Pkcs11Library loadedLibrary = NativeEnvironment.withVariables(environment,
          () -> loadAndInitialize(realPath));
      LOADED.put(realPath, new Loaded(loadedLibrary, Map.copyOf(environment)));
      return loadedLibrary;
    } finally {
      LOCK.unlock();
    }
  }

  private static Pkcs11Library loadAndInitialize(Path realPath) {
    if (!Files.isRegularFile(realPath)) {
      throw new LibraryMissingException("the PKCS#11 library " + realPath + " is not a file", null);
    }
    Pkcs11Library library;
    try {
      library = Pkcs11Library.load(realPath);
    } catch (IllegalArgumentException e) {
      throw new LibraryMissingException("cannot load " + realPath + " as a PKCS#11 library: "
          + e.getMessage(), e);
    }
    try {
      library.initializeWithOsLocking();
    } catch (Pkcs11CallException e) {
      // Someone in this process initialised it first (SunPKCS11 through another path): usable,
      // though whether with OS locking is then up to them (pkcs11-softhsm.md §1 crash trap).
      if (e.returnValue() != Pkcs11CallException.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        throw new TokenException("the PKCS#11 library " + realPath + " would not initialise: "
            + e.getMessage(), e);
      }
    }
    return library;
  }

  /** The library file is missing or does not load. */
  static final class LibraryMissingException extends RuntimeException {
    LibraryMissingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Loaded(Pkcs11Library library, Map<String, String> environment) {}
}
