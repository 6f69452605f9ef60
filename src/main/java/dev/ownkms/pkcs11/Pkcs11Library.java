package dev.ownkms.pkcs11;

import static dev.ownkms.pkcs11.Ffm.bind;
import static dev.ownkms.pkcs11.Ffm.call;
import static dev.ownkms.pkcs11.Ffm.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ownkms.domain.Secret;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The few PKCS#11 functions SunPKCS11 does not offer, bound with the Foreign Function & Memory API
 * over one library file: {@code C_Initialize} with OS locking, slot and token lookup, and token
 * creation and the SO's PIN change ({@code C_InitToken}, {@code C_InitPIN}). Everything else goes
 * through SunPKCS11.
 *
 * <p>The library is looked up in the global arena and never unloaded: SunPKCS11 later opens the
 * same file and gets the same loaded instance, and unloading it under SunPKCS11 would crash the
 * process. The bindings assume Linux on a 64-bit CPU, where {@code CK_ULONG} is 8 bytes and
 * PKCS#11 structures use natural alignment.
 */
final class Pkcs11Library {

  static final long CKU_SO = 0;
  static final long CKU_USER = 1;

  private static final long CKF_OS_LOCKING_OK = 0x2;
  private static final long CKF_RW_SESSION = 0x2;
  private static final long CKF_SERIAL_SESSION = 0x4;
  private static final long CKF_TOKEN_INITIALIZED = 0x400;
  private static final long CKR_TOKEN_NOT_PRESENT = 0xe0;
  private static final int LABEL_BYTES = 32;

  /** CK_C_INITIALIZE_ARGS: four mutex callbacks, flags, reserved. */
  private static final StructLayout INITIALIZE_ARGS = MemoryLayout.structLayout(
      ADDRESS.withName("CreateMutex"), ADDRESS.withName("DestroyMutex"),
      ADDRESS.withName("LockMutex"), ADDRESS.withName("UnlockMutex"),
      JAVA_LONG.withName("flags"), ADDRESS.withName("pReserved"));

  /** CK_TOKEN_INFO (PKCS#11 v2.40 §3.2); 208 bytes with natural alignment. */
  private static final StructLayout TOKEN_INFO = MemoryLayout.structLayout(
      MemoryLayout.sequenceLayout(LABEL_BYTES, JAVA_BYTE).withName("label"),
      MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("manufacturerID"),
      MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("model"),
      MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("serialNumber"),
      JAVA_LONG.withName("flags"),
      MemoryLayout.sequenceLayout(10, JAVA_LONG).withName("counters"),
      MemoryLayout.sequenceLayout(2, JAVA_BYTE).withName("hardwareVersion"),
      MemoryLayout.sequenceLayout(2, JAVA_BYTE).withName("firmwareVersion"),
      MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("utcTime"),
      MemoryLayout.paddingLayout(4));

  private static final long FLAGS_OFFSET =
      TOKEN_INFO.byteOffset(MemoryLayout.PathElement.groupElement("flags"));

  private final Path path;
  private final MethodHandle initialize;
  private final MethodHandle getSlotList;
  private final MethodHandle getTokenInfo;
  private final MethodHandle initToken;
  private final MethodHandle openSession;
  private final MethodHandle login;
  private final MethodHandle initPin;
  private final MethodHandle logout;
  private final MethodHandle closeSession;

  private Pkcs11Library(Path path, SymbolLookup symbols) {
    this.path = path;
    initialize = bind(symbols, "C_Initialize", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    getSlotList = bind(symbols, "C_GetSlotList",
        FunctionDescriptor.of(JAVA_LONG, JAVA_BYTE, ADDRESS, ADDRESS));
    getTokenInfo = bind(symbols, "C_GetTokenInfo",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
    initToken = bind(symbols, "C_InitToken",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    openSession = bind(symbols, "C_OpenSession",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
    login = bind(symbols, "C_Login",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    initPin = bind(symbols, "C_InitPIN",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    logout = bind(symbols, "C_Logout", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    closeSession = bind(symbols, "C_CloseSession", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
  }

  /** Loads (dlopen) the library file; it stays loaded for the life of the process. */
  static Pkcs11Library load(Path library) {
    if (ADDRESS.byteSize() != 8
        || Linker.nativeLinker().canonicalLayouts().get("long").byteSize() != 8) {
      throw new UnsupportedOperationException(
          "the PKCS#11 bindings need a 64-bit Linux/macOS ABI (CK_ULONG of 8 bytes)");
    }
    return new Pkcs11Library(library, SymbolLookup.libraryLookup(library, Arena.global()));
  }

  Path path() {
    return path;
  }

  /**
   * {@code C_Initialize} with {@code CKF_OS_LOCKING_OK}: SoftHSM then guards its state with
   * mutexes. Without them, GCM from two threads crashes the JVM (pkcs11-softhsm.md §1, crash trap),
   * so this must run before SunPKCS11 first touches the library.
   */
  void initializeWithOsLocking() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = arena.allocate(INITIALIZE_ARGS);
      args.set(JAVA_LONG, INITIALIZE_ARGS.byteOffset(
          MemoryLayout.PathElement.groupElement("flags")), CKF_OS_LOCKING_OK);
      check("C_Initialize", call(initialize, args));
    }
  }

  /** The slot holding an initialised token with this label, if any. */
  OptionalLong slotOfToken(String label) {
    for (long slot : slots()) {
      TokenInfo info = tokenInfo(slot);
      if (info != null && info.initialized() && info.label().equals(label)) {
        return OptionalLong.of(slot);
      }
    }
    return OptionalLong.empty();
  }

  /** A slot whose token is not initialised yet: SoftHSM always offers one. */
  OptionalLong freeSlot() {
    for (long slot : slots()) {
      TokenInfo info = tokenInfo(slot);
      if (info != null && !info.initialized()) {
        return OptionalLong.of(slot);
      }
    }
    return OptionalLong.empty();
  }

  /** The slot ids, in the library's order. */
  long[] slots() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(JAVA_LONG);
      check("C_GetSlotList", call(getSlotList, (byte) 0, MemorySegment.NULL, count));
      MemorySegment ids = arena.allocate(JAVA_LONG, Math.max(1, count.get(JAVA_LONG, 0)));
      check("C_GetSlotList", call(getSlotList, (byte) 0, ids, count));
      return Arrays.copyOf(ids.toArray(JAVA_LONG), (int) count.get(JAVA_LONG, 0));
    }
  }

  /** The label and state of the token in a slot, or null when the slot has no token. */
  TokenInfo tokenInfo(long slot) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(TOKEN_INFO);
      long rv = call(getTokenInfo, slot, info);
      if (rv == CKR_TOKEN_NOT_PRESENT) {
        return null;
      }
      check("C_GetTokenInfo", rv);
      String label = new String(info.asSlice(0, LABEL_BYTES).toArray(JAVA_BYTE),
          StandardCharsets.UTF_8).stripTrailing();
      long flags = info.get(JAVA_LONG, FLAGS_OFFSET);
      return new TokenInfo(label, (flags & CKF_TOKEN_INITIALIZED) != 0);
    }
  }

  /**
   * Creates a token in a free slot: {@code C_InitToken}, then the user PIN
   * ({@link #setUserPin}). SoftHSM may give the new token another slot id, so callers look the
   * label up again afterwards.
   */
  void createToken(long freeSlot, String label, Secret soPin, Secret userPin) {
    initToken(freeSlot, label, soPin);
    setUserPin(freeSlot, soPin, userPin);
  }

  /**
   * {@code C_InitToken} alone: a token with a security officer but no user yet, whose user login
   * answers {@code CKR_USER_PIN_NOT_INITIALIZED}.
   */
  void initToken(long slot, String label, Secret soPin) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment paddedLabel = arena.allocate(LABEL_BYTES);
      paddedLabel.fill((byte) ' ');
      byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
      if (labelBytes.length > LABEL_BYTES) {
        throw new IllegalArgumentException("a token label has at most 32 UTF-8 bytes: " + label);
      }
      MemorySegment.copy(labelBytes, 0, paddedLabel, JAVA_BYTE, 0, labelBytes.length);
      MemorySegment so = pin(arena, soPin);
      try {
        check("C_InitToken", call(initToken, slot, so, so.byteSize(), paddedLabel));
      } finally {
        so.fill((byte) 0);
      }
    }
  }

  /**
   * Sets the user PIN as the security officer: a read-write session, {@code C_Login(CKU_SO)},
   * {@code C_InitPIN}, logout. The SO login is refused with
   * {@code CKR_USER_ANOTHER_ALREADY_LOGGED_IN} while the user is logged in anywhere in this
   * process (login state is per token, not per session), so callers log the user out first.
   */
  void setUserPin(long slot, Secret soPin, Secret userPin) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment so = pin(arena, soPin);
      MemorySegment user = pin(arena, userPin);
      try {
        MemorySegment handle = arena.allocate(JAVA_LONG);
        check("C_OpenSession", call(openSession, slot, CKF_RW_SESSION | CKF_SERIAL_SESSION,
            MemorySegment.NULL, MemorySegment.NULL, handle));
        long session = handle.get(JAVA_LONG, 0);
        try {
          check("C_Login", call(login, session, CKU_SO, so, so.byteSize()));
          try {
            check("C_InitPIN", call(initPin, session, user, user.byteSize()));
          } finally {
            call(logout, session);
          }
        } finally {
          call(closeSession, session);
        }
      } finally {
        so.fill((byte) 0);
        user.fill((byte) 0);
      }
    }
  }

  /** A PIN in native memory; the caller zeroes it after use. */
  private static MemorySegment pin(Arena arena, Secret pin) {
    byte[] bytes = pin.revealUtf8().getBytes(StandardCharsets.UTF_8);
    MemorySegment segment = arena.allocate(bytes.length);
    MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
    Arrays.fill(bytes, (byte) 0);
    return segment;
  }

  /** What OwnKMS needs from CK_TOKEN_INFO. */
  record TokenInfo(String label, boolean initialized) {}

  @Override
  public String toString() {
    return "PKCS#11 library " + path;
  }
}
