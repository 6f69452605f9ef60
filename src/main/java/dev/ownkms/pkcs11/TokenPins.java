package dev.ownkms.pkcs11;

import dev.ownkms.domain.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user and security-officer PINs of a token, kept in an owner-only file of the data directory.
 * They are random, so nobody types them; the file is the only copy, and without it the token's
 * keys cannot be used. Messages about the file name lines, never their content.
 */
record TokenPins(Secret userPin, Secret soPin) {

  private static final int RANDOM_BYTES = 18; // 24 base64url characters, 144 bits
  private static final String USER = "user-pin";
  private static final String SO = "so-pin";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  static TokenPins generate(SecureRandom random) {
    return new TokenPins(randomPin(random), randomPin(random));
  }

  /**
   * Writes a new PIN file with permissions 0600 from the start (never world-readable, not even
   * briefly). Fails if the file exists: PINs are never overwritten.
   */
  void writeNew(Path file) {
    String text = "# OwnKMS: PINs of a SoftHSM token. Without them its keys are lost; keep private.\n"
        + USER + "=" + userPin.revealUtf8() + "\n"
        + SO + "=" + soPin.revealUtf8() + "\n";
    try {
      Path tmp = file.getFileSystem().supportedFileAttributeViews().contains("posix")
          ? Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
              PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        // Callers serialise first starts (RootKey's lock, the data directory's file lock), so
        // checking and then renaming is enough.
        if (Files.exists(file)) {
          throw new FileAlreadyExistsException(file.toString());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new TokenException("cannot write the PIN file " + file, e);
    }
  }

  /** Reads a PIN file, refusing one that others can read (as ssh does with private keys). */
  static TokenPins read(Path file) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
          && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
        throw new TokenException("the PIN file " + file + " is open to other users or executable;"
            + " make it owner-only (chmod 600 " + file + ") and check who may have read it");
      }
      return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TokenException("cannot read the PIN file " + file, e);
    }
  }

  private static TokenPins parse(Path file, List<String> lines) {
    Map<String, Secret> values = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      String key = equals < 0 ? "" : line.substring(0, equals).strip();
      if (!key.equals(USER) && !key.equals(SO)) {
        throw new TokenException("the PIN file " + file + " is damaged: line " + (i + 1)
            + " is not " + USER + "=… or " + SO + "=…; restore it from a backup");
      }
      values.put(key, Secret.of(line.substring(equals + 1).strip()));
    }
    if (values.size() != 2) {
      throw new TokenException("the PIN file " + file + " is damaged: it needs both " + USER
          + " and " + SO + "; restore it from a backup");
    }
    return new TokenPins(values.get(USER), values.get(SO));
  }

  private static Secret randomPin(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }
}
