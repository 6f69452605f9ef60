package dev.ownkms.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Secret;
import dev.ownkms.protocol.auth.CredentialsFile.Credential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsFileTest {

  /** Every secret in these tests; no error message may contain it. */
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @TempDir Path directory;

  private Path write(String content) throws IOException {
    return Files.writeString(directory.resolve("credentials"), content);
  }

  @Test
  void load_readsEverySectionWithItsAccount() throws IOException {
    Path file = write("""
        # OwnKMS strict credentials
        ; both comment styles

        [alice]
        aws_access_key_id = AKIAALICE
        aws_secret_access_key = %s
        account_id = 444455556666

        [bob] ; the default account
        aws_access_key_id=AKIABOB
        aws_secret_access_key=bob-secret
        """.formatted(SECRET));

    Map<String, Credential> credentials = CredentialsFile.load(file);

    assertThat(credentials).containsOnlyKeys("AKIAALICE", "AKIABOB");
    assertThat(credentials.get("AKIAALICE"))
        .isEqualTo(new Credential("AKIAALICE", Secret.of(SECRET), "444455556666"));
    assertThat(credentials.get("AKIABOB"))
        .isEqualTo(new Credential("AKIABOB", Secret.of("bob-secret"), "111122223333"));
  }

  @Test
  void load_returnsAnImmutableMap() throws IOException {
    Map<String, Credential> credentials =
        CredentialsFile.load(write("[a]\naws_access_key_id=A\naws_secret_access_key=s\n"));

    assertThatThrownBy(() -> credentials.put("B", credentials.get("A")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void load_fileWithoutSections_isEmpty() throws IOException {
    assertThat(CredentialsFile.load(write("# nothing yet\n\n"))).isEmpty();
  }

  @Test
  void load_toleratesByteOrderMarkAndWindowsLineEnds() throws IOException {
    Path file = write("\uFEFF[a]\r\naws_access_key_id = A\r\naws_secret_access_key = s\r\n");

    assertThat(CredentialsFile.load(file).get("A").secret()).isEqualTo(Secret.of("s"));
  }

  @Test
  void load_missingFile_failsWithIoException() {
    assertThatThrownBy(() -> CredentialsFile.load(directory.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      setting before any section | aws_access_key_id = A\\n[a]\\naws_secret_access_key = SECRET | line 1: setting 'aws_access_key_id' appears before any [section]
      secret on a line of its own | [a]\\naws_access_key_id = A\\nSECRET | line 3: expected '[section]' or 'setting = value'
      colon as separator | [a]\\naws_access_key_id = A\\naws_secret_access_key: SECRET | line 3: expected '[section]' or 'setting = value'
      unknown setting | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\nregion = us-east-1 | line 4: unknown setting 'region'; expected one of aws_access_key_id, aws_secret_access_key, account_id
      session token not supported | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\naws_session_token = t | line 4: unknown setting 'aws_session_token'
      unknown setting shaped like a secret | [a]\\naws_access_key_id = A\\nSECRET=x | line 3: unknown setting (name not shown)
      setting repeated | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\naws_secret_access_key = SECRET | line 4: setting 'aws_secret_access_key' is already set at line 3
      section repeated | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\n[a] | line 4: section [a] is already defined at line 1
      empty section name | [ ]\\naws_access_key_id = A | line 1: empty section name
      access key missing | [a]\\naws_secret_access_key = SECRET | line 1: section [a] is missing setting 'aws_access_key_id'
      secret missing | \\n[a]\\naws_access_key_id = A | line 2: section [a] is missing setting 'aws_secret_access_key'
      secret empty | [a]\\naws_access_key_id = A\\naws_secret_access_key = | line 3: setting 'aws_secret_access_key' must be non-empty and contain no whitespace
      comment after the secret | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET ; old key | line 3: setting 'aws_secret_access_key' must be non-empty and contain no whitespace
      access key with a slash | [a]\\naws_access_key_id = A/B\\naws_secret_access_key = SECRET | line 2: setting 'aws_access_key_id' must be 1 to 128 letters, digits or '_', got 'A/B'
      account id too short | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\naccount_id = 12345 | line 4: setting 'account_id' must be 12 digits, got '12345'
      account id with letters | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\naccount_id = 11112222333x | line 4: setting 'account_id' must be 12 digits, got '11112222333x'
      access key in two sections | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\n[b]\\naws_access_key_id = A\\naws_secret_access_key = other | line 5: access key id 'A' is already used by section [a] at line 1
      indented continuation line | [a]\\naws_access_key_id = A\\naws_secret_access_key = SECRET\\n  more | line 4: indented line; continuation lines are not supported, start settings in column 1
      """)
  void load_brokenFile_namesFileLineAndSettingButNeverTheSecret(
      String name, String content, String problem) throws IOException {
    Path file = write(content.replace("\\n", "\n").replace("SECRET", SECRET));

    assertThatThrownBy(() -> CredentialsFile.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Credentials file " + file + ", " + problem)
        .message()
        .doesNotContain(SECRET)
        .doesNotContain("wJalr");
  }

  @Test
  void credential_toString_hidesTheSecret() {
    Credential credential = new Credential("AKIAALICE", Secret.of(SECRET), "444455556666");

    assertThat(credential.toString()).contains("AKIAALICE").doesNotContain(SECRET).contains("***");
  }
}
