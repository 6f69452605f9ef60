package dev.ownkms.pkcs11;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Vendor PKCS#11 libraries loaded by this process, one {@link Pkcs11Library} per real path: a
 * library is loaded and {@code C_Initialize}d once per process (pkcs11-softhsm.md §1), with OS
 * locking, before SunPKCS11 touches it. Process-wide because the loaded library is.
 */
final class LoadedLibraries {

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final Map<Path, Pkcs11Library> LOADED = new HashMap<>();

  private LoadedLibraries() {}

  static Pkcs11Library load(Path file) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      throw new TokenException("the PKCS#11 library " + file + " does not exist", e);
    }
    LOCK.lock();
    try {
      Pkcs11Library loaded = LOADED.get(real);
      if (loaded != null) {
        return loaded;
      }
      Pkcs11Library library;
      try {
        library = Pkcs11Library.load(real);
      } catch (IllegalArgumentException e) {
        throw new TokenException("cannot load the PKCS#11 library " + real, e);
      }
      try {
        library.initializeWithOsLocking();
      } catch (Pkcs11CallException e) {
        // Someone in this process (SunPKCS11 or a SoftHSM folder) initialised it already.
        if (e.returnValue() != Pkcs11CallException.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
          throw new TokenException("the PKCS#11 library " + real + " would not initialise", e);
        }
      }
      LOADED.put(real, library);
      return library;
    } finally {
      LOCK.unlock();
    }
  }
}
