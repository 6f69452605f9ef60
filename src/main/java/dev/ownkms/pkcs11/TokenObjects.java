package dev.ownkms.pkcs11;

import static dev.ownkms.pkcs11.Ffm.CKR_OK;
import static dev.ownkms.pkcs11.Ffm.bind;
import static dev.ownkms.pkcs11.Ffm.call;
import static dev.ownkms.pkcs11.Ffm.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ownkms.domain.Secret;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Secret-key objects of one token, through the PKCS#11 object functions SunPKCS11 does not offer:
 * find by label, read and change attributes, and generate an AES key with an explicit template
 * ({@code CKA_ENCRYPT}/{@code CKA_DECRYPT} as asked, sensitive, never extractable), and a
 * disabled mark per key.
 *
 * <p>One read-write session, opened on first use and logged in as the user (a login SunPKCS11 made
 * already counts: login state is per token and process, pkcs11-softhsm.md §2). Calls are
 * serialised: these are administrative calls, not the crypto hot path. Bound over the same loaded
 * library as SunPKCS11, with the same 64-bit ABI assumptions as {@link Pkcs11Library}.
 */
final class TokenObjects implements AutoCloseable {

  static final long CKA_CLASS = 0x0;
  static final long CKA_TOKEN = 0x1;
  static final long CKA_PRIVATE = 0x2;
  static final long CKA_LABEL = 0x3;
  static final long CKA_KEY_TYPE = 0x100;
  static final long CKA_SENSITIVE = 0x103;
  static final long CKA_ENCRYPT = 0x104;
  static final long CKA_DECRYPT = 0x105;
  static final long CKA_WRAP = 0x106;
  static final long CKA_UNWRAP = 0x107;
  static final long CKA_SIGN = 0x108;
  static final long CKA_VERIFY = 0x10a;
  static final long CKA_DERIVE = 0x10c;
  static final long CKA_APPLICATION = 0x10;
  static final long CKA_VALUE_LEN = 0x161;
  static final long CKA_EXTRACTABLE = 0x162;
  static final long CKO_DATA = 0x0;
  static final long CKO_SECRET_KEY = 0x4;
  static final long CKK_AES = 0x1f;
  static final long CKM_AES_KEY_GEN = 0x1080;

  private static final long CKF_RW_SESSION = 0x2;
  private static final long CKF_SERIAL_SESSION = 0x4;
  private static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
  private static final long UNAVAILABLE_INFORMATION = -1L; // CK_UNAVAILABLE_INFORMATION
  private static final int MAX_LABEL_BYTES = 128;
  private static final String DISABLED_MARKER = "disabled:";
  private static final String APPLICATION = "ownkms";

  /** CK_ATTRIBUTE and CK_MECHANISM share this shape: a CK_ULONG, a pointer, a length. */
  private static final StructLayout TRIPLE = MemoryLayout.structLayout(
      JAVA_LONG.withName("type"), ADDRESS.withName("pValue"), JAVA_LONG.withName("ulValueLen"));

  private final Pkcs11Library library;
  private final long slot;
  private final Secret userPin;
  private final ReentrantLock lock = new ReentrantLock();
  private final MethodHandle openSession;
  private final MethodHandle closeSession;
  private final MethodHandle login;
  private final MethodHandle findInit;
  private final MethodHandle find;
  private final MethodHandle findFinal;
  private final MethodHandle getAttributes;
  private final MethodHandle setAttributes;
  private final MethodHandle generateKey;
  private final MethodHandle createObject;
  private final MethodHandle destroyObject;
  private long session = -1;

  TokenObjects(Pkcs11Library library, long slot, Secret userPin) {
    this.library = library;
    this.slot = slot;
    this.userPin = userPin;
    SymbolLookup symbols = SymbolLookup.libraryLookup(library.path(), Arena.global());
    openSession = bind(symbols, "C_OpenSession",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
    closeSession = bind(symbols, "C_CloseSession", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    login = bind(symbols, "C_Login",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    findInit = bind(symbols, "C_FindObjectsInit",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    find = bind(symbols, "C_FindObjects",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    findFinal = bind(symbols, "C_FindObjectsFinal", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    getAttributes = bind(symbols, "C_GetAttributeValue",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    setAttributes = bind(symbols, "C_SetAttributeValue",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    generateKey = bind(symbols, "C_GenerateKey",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    createObject = bind(symbols, "C_CreateObject",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    destroyObject = bind(symbols, "C_DestroyObject",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
  }

  /** The attributes of the token secret key so labelled; empty when there is none. */
  Optional<KeyToken.KeyAttributes> attributes(String label) {
    return locked(() -> {
      long[] handles = findSecretKeys(label);
      if (handles.length == 0) {
        return Optional.empty();
      }
      if (handles.length > 1) {
        throw new TokenException("the token holds " + handles.length + " secret keys labelled "
            + label + "; labels must be unique");
      }
      return Optional.of(read(handles[0], label));
    });
  }

  /** Every labelled secret key of the token, in the token's order. */
  List<KeyToken.KeyAttributes> all() {
    return locked(() -> {
      List<KeyToken.KeyAttributes> keys = new ArrayList<>();
      for (long handle : findSecretKeys(null)) {
        String label = label(handle);
        if (!label.isEmpty()) {
          keys.add(read(handle, label));
        }
      }
      return keys;
    });
  }

  /**
   * Generates a token AES-256 key under this label with an explicit template: private,
   * sensitive, never extractable, encrypt/decrypt exactly as asked, and no other usage.
   */
  void generateAes256(String label, boolean encrypt, boolean decrypt) {
    locked(() -> {
      try (Arena arena = Arena.ofConfined()) {
        byte[] labelBytes = labelBytes(label);
        MemorySegment template = arena.allocate(TRIPLE, 15);
        int n = 0;
        put(template, n++, CKA_CLASS, longValue(arena, CKO_SECRET_KEY));
        put(template, n++, CKA_KEY_TYPE, longValue(arena, CKK_AES));
        put(template, n++, CKA_VALUE_LEN, longValue(arena, 32));
        put(template, n++, CKA_TOKEN, bool(arena, true));
        put(template, n++, CKA_PRIVATE, bool(arena, true));
        put(template, n++, CKA_SENSITIVE, bool(arena, true));
        put(template, n++, CKA_EXTRACTABLE, bool(arena, false));
        put(template, n++, CKA_ENCRYPT, bool(arena, encrypt));
        put(template, n++, CKA_DECRYPT, bool(arena, decrypt));
        put(template, n++, CKA_LABEL, bytes(arena, labelBytes));
        // Nothing else: SoftHSM's defaults would also allow MACs, wrapping and derivation.
        for (long other : new long[] {CKA_SIGN, CKA_VERIFY, CKA_WRAP, CKA_UNWRAP, CKA_DERIVE}) {
          put(template, n++, other, bool(arena, false));
        }
        MemorySegment mechanism = arena.allocate(TRIPLE);
        put(mechanism, 0, CKM_AES_KEY_GEN, MemorySegment.NULL);
        MemorySegment handle = arena.allocate(JAVA_LONG);
        check("C_GenerateKey", call(generateKey, session(), mechanism, template, (long) n, handle));
      }
      return null;
    });
  }

  /**
   * Marks the key so labelled disabled (a token data object labelled {@code disabled:<label>}
   * exists) or enabled (no such object). PKCS#11 has no "disabled" flag; {@code CKA_END_DATE},
   * the closest attribute, cannot be read back from a private key on SoftHSM 2.6.1 once set
   * ({@code CKR_GENERAL_ERROR}), so the mark is a separate object that every process sees.
   */
  void setDisabled(String label, boolean disabled) {
    locked(() -> {
      long[] handles = findSecretKeys(label);
      if (handles.length != 1) {
        throw new TokenException(handles.length == 0 ? "the token has no key labelled " + label
            : "the token holds several keys labelled " + label);
      }
      long[] markers = findObjects(CKO_DATA, DISABLED_MARKER + label);
      if (disabled && markers.length == 0) {
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment template = arena.allocate(TRIPLE, 5);
          put(template, 0, CKA_CLASS, longValue(arena, CKO_DATA));
          put(template, 1, CKA_TOKEN, bool(arena, true));
          put(template, 2, CKA_PRIVATE, bool(arena, true));
          put(template, 3, CKA_LABEL, bytes(arena,
              (DISABLED_MARKER + label).getBytes(StandardCharsets.UTF_8)));
          put(template, 4, CKA_APPLICATION, bytes(arena,
              APPLICATION.getBytes(StandardCharsets.UTF_8)));
          MemorySegment handle = arena.allocate(JAVA_LONG);
          check("C_CreateObject", call(createObject, session(), template, 5L, handle));
        }
      } else if (!disabled) {
        for (long marker : markers) {
          check("C_DestroyObject", call(destroyObject, session(), marker));
        }
      }
      return null;
    });
  }

  /** Closes the session; a later call opens a new one. */
  @Override
  public void close() {
    locked(() -> {
      if (session != -1) {
        call(closeSession, session);
        session = -1;
      }
      return null;
    });
  }

  private KeyToken.KeyAttributes read(long handle, String label) {
    try (Arena arena = Arena.ofConfined()) {
      long[] types = {CKA_KEY_TYPE, CKA_VALUE_LEN, CKA_ENCRYPT, CKA_DECRYPT, CKA_WRAP,
          CKA_UNWRAP, CKA_SIGN, CKA_VERIFY, CKA_DERIVE};
      MemorySegment template = arena.allocate(TRIPLE, types.length);
      MemorySegment[] values = new MemorySegment[types.length];
      for (int i = 0; i < types.length; i++) {
        values[i] = arena.allocate(JAVA_LONG); // room for a CK_ULONG or a CK_BBOOL
        put(template, i, types[i], values[i]);
      }
      // CKR_ATTRIBUTE_TYPE_INVALID for an attribute the key type lacks (e.g. CKA_SIGN on some
      // HSMs) still fills the others; that attribute's length then reads "unavailable".
      long rv = call(getAttributes, session(), handle, template, (long) types.length);
      if (rv != CKR_OK && rv != 0x12 /* CKR_ATTRIBUTE_TYPE_INVALID */
          && rv != 0x11 /* CKR_ATTRIBUTE_SENSITIVE */) {
        throw new Pkcs11CallException("C_GetAttributeValue", rv);
      }
      boolean[] flags = new boolean[types.length];
      for (int i = 2; i < types.length; i++) {
        flags[i] = available(template, i) && values[i].get(JAVA_BYTE, 0) != 0;
      }
      long keyType = available(template, 0) ? values[0].get(JAVA_LONG, 0) : -1;
      long length = available(template, 1) ? values[1].get(JAVA_LONG, 0) : 0;
      boolean disabled = findObjects(CKO_DATA, DISABLED_MARKER + label).length > 0;
      return new KeyToken.KeyAttributes(label, keyType, (int) length, flags[2], flags[3],
          flags[4], flags[5], flags[6], flags[7], flags[8], disabled);
    }
  }

  private static boolean available(MemorySegment template, int index) {
    long length = template.getAtIndex(JAVA_LONG, (long) index * 3 + 2);
    return length != UNAVAILABLE_INFORMATION && length > 0;
  }

  private String label(long handle) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment template = arena.allocate(TRIPLE);
      put(template, 0, CKA_LABEL, MemorySegment.NULL);
      check("C_GetAttributeValue", call(getAttributes, session(), handle, template, 1L));
      long length = template.get(JAVA_LONG, 16);
      if (length <= 0 || length > 4096) {
        return "";
      }
      MemorySegment value = arena.allocate(length);
      put(template, 0, CKA_LABEL, value);
      check("C_GetAttributeValue", call(getAttributes, session(), handle, template, 1L));
      return new String(value.toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
  }

  /** Token secret keys, with this label when it is not null. */
  private long[] findSecretKeys(String label) {
    return findObjects(CKO_SECRET_KEY, label);
  }

  /** Token objects of a class, with this label when it is not null. */
  private long[] findObjects(long objectClass, String label) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment template = arena.allocate(TRIPLE, 3);
      int n = 0;
      put(template, n++, CKA_CLASS, longValue(arena, objectClass));
      put(template, n++, CKA_TOKEN, bool(arena, true));
      if (label != null) {
        put(template, n++, CKA_LABEL, bytes(arena, label.getBytes(StandardCharsets.UTF_8)));
      }
      long session = session();
      check("C_FindObjectsInit", call(findInit, session, template, (long) n));
      try {
        long[] found = new long[0];
        MemorySegment batch = arena.allocate(JAVA_LONG, 64);
        MemorySegment count = arena.allocate(JAVA_LONG);
        while (true) {
          check("C_FindObjects", call(find, session, batch, 64L, count));
          int got = (int) count.get(JAVA_LONG, 0);
          if (got == 0) {
            return found;
          }
          int old = found.length;
          found = Arrays.copyOf(found, old + got);
          System.arraycopy(batch.asSlice(0, got * 8L).toArray(JAVA_LONG), 0, found, old, got);
        }
      } finally {
        call(findFinal, session);
      }
    }
  }

  private long session() {
    if (session != -1) {
      return session;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment handle = arena.allocate(JAVA_LONG);
      check("C_OpenSession", call(openSession, slot, CKF_RW_SESSION | CKF_SERIAL_SESSION,
          MemorySegment.NULL, MemorySegment.NULL, handle));
      long opened = handle.get(JAVA_LONG, 0);
      byte[] pin = userPin.revealUtf8().getBytes(StandardCharsets.UTF_8);
      MemorySegment nativePin = arena.allocate(Math.max(1, pin.length));
      MemorySegment.copy(pin, 0, nativePin, JAVA_BYTE, 0, pin.length);
      Arrays.fill(pin, (byte) 0);
      long rv = call(login, opened, Pkcs11Library.CKU_USER, nativePin, (long) pin.length);
      nativePin.fill((byte) 0);
      if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
        call(closeSession, opened);
        throw new Pkcs11CallException("C_Login", rv);
      }
      session = opened;
      return opened;
    }
  }

  private <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } catch (Pkcs11CallException e) {
      // A session the token dropped (device removed, re-initialised) is not reused.
      if (session != -1) {
        call(closeSession, session);
        session = -1;
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private static byte[] labelBytes(String label) {
    byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0 || bytes.length > MAX_LABEL_BYTES) {
      throw new IllegalArgumentException("a key label has 1 to " + MAX_LABEL_BYTES + " bytes");
    }
    return bytes;
  }

  private static void put(MemorySegment template, int index, long type, MemorySegment value) {
    long base = index * TRIPLE.byteSize();
    template.set(JAVA_LONG, base, type);
    template.set(ADDRESS, base + 8, value);
    template.set(JAVA_LONG, base + 16, value.equals(MemorySegment.NULL) ? 0 : value.byteSize());
  }

  private static MemorySegment longValue(Arena arena, long value) {
    MemorySegment segment = arena.allocate(JAVA_LONG);
    segment.set(JAVA_LONG, 0, value);
    return segment;
  }

  private static MemorySegment bool(Arena arena, boolean value) {
    MemorySegment segment = arena.allocate(1);
    segment.set(JAVA_BYTE, 0, value ? (byte) 1 : (byte) 0);
    return segment;
  }

  private static MemorySegment bytes(Arena arena, byte[] value) {
    MemorySegment segment = arena.allocate(value.length);
    MemorySegment.copy(value, 0, segment, JAVA_BYTE, 0, value.length);
    return segment;
  }

  @Override
  public String toString() {
    return "objects of slot " + slot + " in " + library;
  }
}
