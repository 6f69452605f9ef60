package dev.ownkms.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The C library's environment ({@code getenv}/{@code setenv}), which native code reads and Java
 * cannot change: {@link System#getenv()} is a copy taken at start-up.
 *
 * <p>{@link #withVariable} sets a variable, runs an action and puts the old value back, under one
 * process-wide lock, so two servers starting at once cannot see each other's value. Code outside
 * this class that reads the native environment concurrently is not covered; the JVM itself does not
 * read {@code SOFTHSM2_CONF}.
 */
final class NativeEnvironment {

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final MethodHandle GETENV = libc("getenv",
      FunctionDescriptor.of(ADDRESS, ADDRESS));
  private static final MethodHandle SETENV = libc("setenv",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle UNSETENV = libc("unsetenv",
      FunctionDescriptor.of(JAVA_INT, ADDRESS));

  private NativeEnvironment() {}

  /** Runs {@code action} with {@code name=value} in the native environment, then restores it. */
  static <T> T withVariable(String name, String value, Supplier<T> action) {
    LOCK.lock();
    try {
      Optional<String> previous = get(name);
      set(name, value);
      try {
        return action.get();
      } finally {
        previous.ifPresentOrElse(old -> set(name, old), () -> unset(name));
      }
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Runs {@code action} with all these variables set, then restores each; the lock is re-entrant,
   * so the nested calls hold it throughout.
   */
  static <T> T withVariables(Map<String, String> variables, Supplier<T> action) {
    Supplier<T> wrapped = action;
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      Supplier<T> inner = wrapped;
      wrapped = () -> withVariable(variable.getKey(), variable.getValue(), inner);
    }
    LOCK.lock();
    try {
      return wrapped.get();
    } finally {
      LOCK.unlock();
    }
  }

  /** The variable as native code sees it now. */
  static Optional<String> get(String name) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(name));
      // getenv returns a pointer into the environment block: copy it before anything changes it.
      return value.equals(MemorySegment.NULL) ? Optional.empty()
          : Optional.of(value.reinterpret(Long.MAX_VALUE).getString(0));
    } catch (Throwable e) {
      throw failure("getenv", e);
    }
  }

  private static void set(String name, String value) {
    int rc;
    try (Arena arena = Arena.ofConfined()) {
      rc = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
    } catch (Throwable e) {
      throw failure("setenv", e);
    }
    if (rc != 0) {
      throw new IllegalStateException("setenv(" + name + ") failed");
    }
  }

  private static void unset(String name) {
    try (Arena arena = Arena.ofConfined()) {
      int ignored = (int) UNSETENV.invokeExact(arena.allocateFrom(name));
    } catch (Throwable e) {
      throw failure("unsetenv", e);
    }
  }

  private static RuntimeException failure(String function, Throwable e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(function + " failed", e);
  }

  private static MethodHandle libc(String name, FunctionDescriptor type) {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), type);
  }
}
