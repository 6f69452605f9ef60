package dev.ownkms.protocol.auth;

import dev.ownkms.domain.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the credentials that strict auth accepts, from a file in the AWS credentials format:
 *
 * <pre>
 * # comment
 * [alice]
 * aws_access_key_id = AKIAALICE
 * aws_secret_access_key = ...
 * account_id = 444455556666      ; OwnKMS only, default 111122223333
 * </pre>
 *
 * <p>Strict where the AWS tools are lenient: every line must be a comment, a {@code [section]} or
 * one of the three settings, and nothing may repeat. Tools read the grey areas differently
 * (botocore keeps {@code value ; text} as the value, the Java SDK drops {@code ; text}; an indented
 * line continues the previous value for one and not the other), and a server that guessed would
 * accept a key the operator did not mean.
 *
 * <p>Error messages name the file, the line and the setting, and never contain a secret: no
 * message echoes a line it could not read.
 */
public final class CredentialsFile {

  static final String ACCESS_KEY_ID = "aws_access_key_id";
  static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
  static final String ACCOUNT_ID = "account_id";

  private static final List<String> SETTINGS = List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, ACCOUNT_ID);
  private static final Pattern SECTION = Pattern.compile("\\[([^\\[\\]]*)]\\s*(?:[#;].*)?");
  // Access key ids are [A-Z0-9] at AWS; '_' and lower case are allowed for test keys. Never '/'.
  private static final Pattern ACCESS_KEY_ID_VALUE = Pattern.compile("\\w{1,128}");
  private static final Pattern ACCOUNT_ID_VALUE = Pattern.compile("\\d{12}");
  // A name shaped like a setting may be echoed; anything else may be a stray secret.
  private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

  /** One access key: who signs with it, and the account it acts in. */
  public record Credential(String accessKeyId, Secret secret, String accountId) {
    public Credential {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(accountId, "accountId");
    }
  }

  private record Setting(String name, String value, int line) {}

  private record Section(String name, int line, Map<String, Setting> settings) {}

  private CredentialsFile() {}

  /**
   * Reads {@code file} (UTF-8).
   *
   * @return an immutable map from access key id to credential; empty for a file without sections
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the content breaks a rule; the message names file and line
   */
  public static Map<String, Credential> load(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    return parse(file.toString(), content.lines().toList());
  }

  static Map<String, Credential> parse(String source, List<String> lines) {
    Map<String, Credential> credentials = new LinkedHashMap<>();
    Map<String, Section> owners = new HashMap<>();
    for (Section section : sections(source, lines)) {
      Credential credential = credential(source, section);
      Section owner = owners.putIfAbsent(credential.accessKeyId(), section);
      if (owner != null) {
        throw error(source, section.settings().get(ACCESS_KEY_ID).line(),
            "access key id '" + credential.accessKeyId() + "' is already used by section ["
                + owner.name() + "] at line " + owner.line());
      }
      credentials.put(credential.accessKeyId(), credential);
    }
    return Map.copyOf(credentials);
  }

  /** First pass: the lines grouped into sections, with every line-level rule checked. */
  private static List<Section> sections(String source, List<String> lines) {
    List<Section> sections = new ArrayList<>();
    Map<String, Section> byName = new HashMap<>();
    for (int index = 0; index < lines.size(); index++) {
      int number = index + 1;
      String line = index == 0 ? stripByteOrderMark(lines.get(index)) : lines.get(index);
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
        continue;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        throw error(source, number,
            "indented line; continuation lines are not supported, start settings in column 1");
      }
      Matcher header = SECTION.matcher(text);
      if (header.matches()) {
        String name = header.group(1).strip();
        if (name.isEmpty()) {
          throw error(source, number, "empty section name");
        }
        Section section = new Section(name, number, new LinkedHashMap<>());
        Section earlier = byName.putIfAbsent(name, section);
        if (earlier != null) {
          throw error(source, number,
              "section [" + name + "] is already defined at line " + earlier.line());
        }
        sections.add(section);
        continue;
      }
      int equals = text.indexOf('=');
      if (equals < 0) {
        throw error(source, number, "expected '[section]' or 'setting = value'");
      }
      String name = text.substring(0, equals).strip();
      if (!SETTINGS.contains(name)) {
        throw error(source, number, "unknown setting " + quotedIfSafe(name)
            + "; expected one of " + String.join(", ", SETTINGS));
      }
      if (sections.isEmpty()) {
        throw error(source, number, "setting '" + name + "' appears before any [section]");
      }
      Section current = sections.getLast();
      Setting setting = new Setting(name, text.substring(equals + 1).strip(), number);
      Setting earlier = current.settings().putIfAbsent(name, setting);
      if (earlier != null) {
        throw error(source, number, "setting '" + name + "' is already set at line " + earlier.line());
      }
    }
    return sections;
  }

  /** Second pass: one section's settings, checked as values. */
  private static Credential credential(String source, Section section) {
    Map<String, Setting> settings = section.settings();
    for (String required : List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY)) {
      if (!settings.containsKey(required)) {
        throw error(source, section.line(),
            "section [" + section.name() + "] is missing setting '" + required + "'");
      }
    }
    Setting accessKeyId = settings.get(ACCESS_KEY_ID);
    if (!ACCESS_KEY_ID_VALUE.matcher(accessKeyId.value()).matches()) {
      throw error(source, accessKeyId.line(),
          "setting '" + ACCESS_KEY_ID + "' must be 1 to 128 letters, digits or '_', got '"
              + accessKeyId.value() + "'");
    }
    Setting secret = settings.get(SECRET_ACCESS_KEY);
    if (secret.value().isEmpty() || secret.value().chars().anyMatch(Character::isWhitespace)) {
      // The value is never shown: it is the secret, or part of it.
      throw error(source, secret.line(),
          "setting '" + SECRET_ACCESS_KEY + "' must be non-empty and contain no whitespace"
              + " (comments after a value are not supported)");
    }
    String accountId = RequestAuthenticator.DEFAULT_ACCOUNT_ID;
    Setting account = settings.get(ACCOUNT_ID);
    if (account != null) {
      if (!ACCOUNT_ID_VALUE.matcher(account.value()).matches()) {
        throw error(source, account.line(),
            "setting '" + ACCOUNT_ID + "' must be 12 digits, got '" + account.value() + "'");
      }
      accountId = account.value();
    }
    return new Credential(accessKeyId.value(), Secret.of(secret.value()), accountId);
  }

  private static String quotedIfSafe(String name) {
    return SETTING_NAME.matcher(name).matches() ? "'" + name + "'" : "(name not shown)";
  }

  private static String stripByteOrderMark(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  private static IllegalArgumentException error(String source, int line, String problem) {
    return new IllegalArgumentException(
        "Credentials file " + source + ", line " + line + ": " + problem);
  }
}
