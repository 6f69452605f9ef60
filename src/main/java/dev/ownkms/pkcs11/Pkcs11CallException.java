package dev.ownkms.pkcs11;

import java.util.Map;

/**
 * Thrown when a PKCS#11 function called through {@link Pkcs11Library} returns anything but
 * {@code CKR_OK}. The message names the function and the {@code CKR_} code, never an argument:
 * several of these functions take PINs.
 */
final class Pkcs11CallException extends RuntimeException {

  static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
  static final long CKR_PIN_INCORRECT = 0xa0;
  static final long CKR_PIN_LOCKED = 0xa4;

  /** The codes these few functions return in practice (PKCS#11 v2.40 §5.1); others print as hex. */
  private static final Map<Long, String> NAMES = Map.ofEntries(
      Map.entry(0x1L, "CKR_CANCEL"),
      Map.entry(0x2L, "CKR_HOST_MEMORY"),
      Map.entry(0x3L, "CKR_SLOT_ID_INVALID"),
      Map.entry(0x5L, "CKR_GENERAL_ERROR"),
      Map.entry(0x6L, "CKR_FUNCTION_FAILED"),
      Map.entry(0x7L, "CKR_ARGUMENTS_BAD"),
      Map.entry(0x9L, "CKR_CANT_LOCK"),
      Map.entry(0x30L, "CKR_DEVICE_ERROR"),
      Map.entry(0x31L, "CKR_DEVICE_MEMORY"),
      Map.entry(0x32L, "CKR_DEVICE_REMOVED"),
      Map.entry(0x54L, "CKR_FUNCTION_NOT_SUPPORTED"),
      Map.entry(CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"),
      Map.entry(0xa1L, "CKR_PIN_INVALID"),
      Map.entry(0xa2L, "CKR_PIN_LEN_RANGE"),
      Map.entry(CKR_PIN_LOCKED, "CKR_PIN_LOCKED"),
      Map.entry(0xb0L, "CKR_SESSION_CLOSED"),
      Map.entry(0xb1L, "CKR_SESSION_COUNT"),
      Map.entry(0xb3L, "CKR_SESSION_HANDLE_INVALID"),
      Map.entry(0xb4L, "CKR_SESSION_PARALLEL_NOT_SUPPORTED"),
      Map.entry(0xb5L, "CKR_SESSION_READ_ONLY"),
      Map.entry(0xb6L, "CKR_SESSION_EXISTS"),
      Map.entry(0xb8L, "CKR_SESSION_READ_WRITE_SO_EXISTS"),
      Map.entry(0xe0L, "CKR_TOKEN_NOT_PRESENT"),
      Map.entry(0xe1L, "CKR_TOKEN_NOT_RECOGNIZED"),
      Map.entry(0xe2L, "CKR_TOKEN_WRITE_PROTECTED"),
      Map.entry(0x100L, "CKR_USER_ALREADY_LOGGED_IN"),
      Map.entry(0x101L, "CKR_USER_NOT_LOGGED_IN"),
      Map.entry(0x102L, "CKR_USER_PIN_NOT_INITIALIZED"),
      Map.entry(0x103L, "CKR_USER_TYPE_INVALID"),
      Map.entry(0x104L, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN"),
      Map.entry(0x150L, "CKR_BUFFER_TOO_SMALL"),
      Map.entry(0x190L, "CKR_CRYPTOKI_NOT_INITIALIZED"),
      Map.entry(CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED"));

  private final String function;
  private final long returnValue;

  Pkcs11CallException(String function, long returnValue) {
    super(function + " failed: " + name(returnValue));
    this.function = function;
    this.returnValue = returnValue;
  }

  String function() {
    return function;
  }

  long returnValue() {
    return returnValue;
  }

  static String name(long returnValue) {
    String name = NAMES.get(returnValue);
    String hex = "0x" + Long.toHexString(returnValue);
    return name == null ? hex : name + " (" + hex + ")";
  }
}
