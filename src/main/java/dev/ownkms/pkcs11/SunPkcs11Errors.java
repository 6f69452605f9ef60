package dev.ownkms.pkcs11;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PKCS#11 return code out of what SunPKCS11 throws. Its {@code PKCS11Exception} sits in
 * a package the JDK does not export, so its {@code getErrorCode()} is out of reach; its message
 * starts with the code's name ({@code CKR_PIN_INCORRECT}, or hex for unknown codes), and that is
 * what this class reads, from the first such exception in the cause chain.
 */
final class SunPkcs11Errors {

  static final String CKR_PIN_INCORRECT = "CKR_PIN_INCORRECT";
  static final String CKR_PIN_LOCKED = "CKR_PIN_LOCKED";
  static final String CKR_USER_PIN_NOT_INITIALIZED = "CKR_USER_PIN_NOT_INITIALIZED";
  static final String CKR_OBJECT_HANDLE_INVALID = "CKR_OBJECT_HANDLE_INVALID";
  static final String CKR_KEY_HANDLE_INVALID = "CKR_KEY_HANDLE_INVALID";
  static final String CKR_USER_NOT_LOGGED_IN = "CKR_USER_NOT_LOGGED_IN";

  private static final String PKCS11_EXCEPTION = "sun.security.pkcs11.wrapper.PKCS11Exception";
  private static final Pattern CODE = Pattern.compile("^(CKR_[A-Z0-9_]+|0x[0-9A-Fa-f]+)");

  private SunPkcs11Errors() {}

  /** The return code's name ({@code CKR_…} or {@code 0x…}) of the PKCS#11 failure behind e. */
  static Optional<String> returnCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals(PKCS11_EXCEPTION) && t.getMessage() != null) {
        Matcher code = CODE.matcher(t.getMessage());
        if (code.find()) {
          return Optional.of(code.group(1));
        }
      }
    }
    return Optional.empty();
  }

  static boolean is(Throwable e, String code) {
    return returnCode(e).filter(code::equals).isPresent();
  }

  /** " (CKR_…)" for messages, or the exception's own short description when no code is known. */
  static String describe(Throwable e) {
    return returnCode(e).map(code -> "(" + code + ")")
        .orElseGet(() -> "(" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
  }
}
