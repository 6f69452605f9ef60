package dev.ownkms.pkcs11;


import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** The FFM plumbing of our direct PKCS#11 calls: binding functions, calling them, checking CKR_OK. */
final class Ffm {

  static final long CKR_OK = 0;

  private Ffm() { }

  /** A downcall handle for a PKCS#11 function the library must export. */
  static MethodHandle bind(SymbolLookup symbols, String name, FunctionDescriptor type) {
    MemorySegment address = symbols.find(name).orElseThrow(() -> new IllegalArgumentException(
        "not a PKCS#11 library: " + name + " is missing"));
    return Linker.nativeLinker().downcallHandle(address, type);
  }

  /** Calls a function that returns a CK_RV. */
  static long call(MethodHandle function, Object... args) {
    try {
      return (long) function.invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("PKCS#11 call failed", e);
    }
  }

  /** Throws {@link Pkcs11CallException} for any return value but CKR_OK. */
  static void check(String function, long rv) {
    if (rv != CKR_OK) {
      throw new Pkcs11CallException(function, rv);
    }
  }
}
