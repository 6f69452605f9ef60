package dev.ownkms.api;

import dev.ownkms.error.KmsException.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects model-constraint violations in member order and reports them the way AWS's Coral
 * front end does (kms-errors.md §4): {@code N validation error(s) detected: } followed by the
 * clauses joined by {@code "; "}. Sensitive members and blobs omit their value.
 */
public final class Violations {

  static final int MAX_ECHO = 16_384;

  private final List<String> clauses = new ArrayList<>();

  /** Required member: null gives "Member must not be null"; true when present. */
  public boolean required(String path, Object value) {
    if (value == null) {
      clauses.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
      return false;
    }
    return true;
  }

  /** String length in characters, as the model counts it. */
  public Violations length(String path, String value, int min, int max) {
    if (value != null) {
      checkLength(quoted(value), path, value.length(), min, max);
    }
    return this;
  }

  /** Length of a sensitive string: the value is never echoed. */
  public Violations sensitiveLength(String path, String value, int min, int max) {
    if (value != null) {
      checkLength("Value", path, value.length(), min, max);
    }
    return this;
  }

  /** Length of a blob in decoded bytes: the value is never echoed. */
  public Violations blobLength(String path, byte[] value, int min, int max) {
    if (value != null) {
      checkLength("Value", path, value.length, min, max);
    }
    return this;
  }

  /** Length of a UTF-8 byte count, for members the model measures in bytes. */
  public Violations utf8Length(String path, String value, int min, int max) {
    if (value != null) {
      checkLength(quoted(value), path, value.getBytes(StandardCharsets.UTF_8).length, min, max);
    }
    return this;
  }

  /** List size. */
  public Violations size(String path, List<?> value, int min, int max) {
    if (value != null) {
      checkLength(quoted(value.toString()), path, value.size(), min, max);
    }
    return this;
  }

  /** Full-string match of the model pattern; {@code modelText} is the pattern as AWS prints it. */
  public Violations pattern(String path, String value, Pattern pattern, String modelText) {
    if (value != null && !pattern.matcher(value).matches()) {
      clauses.add(quoted(value) + " at '" + path + "' failed to satisfy constraint: Member must"
          + " satisfy regular expression pattern: " + modelText);
    }
    return this;
  }

  /** Pattern check of a sensitive member: the clause omits the value (kms-errors.md §4). */
  public Violations sensitivePattern(String path, String value, Pattern pattern,
      String modelText) {
    if (value != null && !pattern.matcher(value).matches()) {
      clauses.add("Value at '" + path + "' failed to satisfy constraint: Member must"
          + " satisfy regular expression pattern: " + modelText);
    }
    return this;
  }

  /** Integer range. */
  public Violations range(String path, Integer value, int min, int max) {
    if (value != null) {
      if (value < min) {
        clauses.add(quoted(value.toString()) + " at '" + path + "' failed to satisfy constraint:"
            + " Member must have value greater than or equal to " + min);
      } else if (value > max) {
        clauses.add(quoted(value.toString()) + " at '" + path + "' failed to satisfy constraint:"
            + " Member must have value less than or equal to " + max);
      }
    }
    return this;
  }

  /** Enum membership; the message lists the values as AWS lists them for this member. */
  public Violations oneOf(String path, String value, WireEnum allowed) {
    if (value != null && !allowed.contains(value)) {
      clauses.add(quoted(value) + " at '" + path + "' failed to satisfy constraint: Member must"
          + " satisfy enum value set: " + allowed.listing());
    }
    return this;
  }

  /** Throws the collected violations, if any. */
  public void throwIfAny() {
    if (clauses.isEmpty()) {
      return;
    }
    String count = clauses.size() == 1 ? "1 validation error" : clauses.size() + " validation errors";
    throw new ValidationException(count + " detected: " + String.join("; ", clauses));
  }

  private void checkLength(String valuePart, String path, int length, int min, int max) {
    if (length < min) {
      clauses.add(valuePart + " at '" + path + "' failed to satisfy constraint: Member must have"
          + " length greater than or equal to " + min);
    } else if (length > max) {
      clauses.add(valuePart + " at '" + path + "' failed to satisfy constraint: Member must have"
          + " length less than or equal to " + max);
    }
  }

  /**
   * The value as sent, but never more than {@link #MAX_ECHO} characters of it: enough for any
   * member just over its model limit (8,193-character descriptions come back whole), while a
   * multi-megabyte member does not come back as a multi-megabyte error. AWS's cap is not recorded.
   */
  private static String quoted(String value) {
    String shown = value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    return "Value '" + shown + "'";
  }
}
