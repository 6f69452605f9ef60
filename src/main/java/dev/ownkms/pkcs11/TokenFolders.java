package dev.ownkms.pkcs11;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** Copying and deleting SoftHSM token folders (its file backend: one folder per token). */
final class TokenFolders {

  private TokenFolders() {}

  /**
   * Copies every token of {@code source} into the empty folder {@code target}, keeping file
   * permissions; a failed copy leaves {@code target} empty again.
   */
  static void copyInto(Path source, Path target) {
    try (Stream<Path> existing = Files.list(target)) {
      if (existing.findAny().isPresent()) {
        throw new IllegalStateException("the token folder " + target + " is not empty; a token"
            + " is copied only into a new cluster");
      }
    } catch (IOException e) {
      throw new TokenException("cannot read the token folder " + target, e);
    }
    try {
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          Path copy = target.resolve(source.relativize(dir).toString());
          if (!dir.equals(source)) {
            Files.copy(dir, copy, StandardCopyOption.COPY_ATTRIBUTES);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.copy(file, target.resolve(source.relativize(file).toString()),
              StandardCopyOption.COPY_ATTRIBUTES);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      try (Stream<Path> copied = Files.list(target)) {
        for (Path path : copied.toList()) {
          delete(path);
        }
      } catch (IOException | TokenException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new TokenException("cannot copy the tokens of " + source + " to " + target, e);
    }
  }

  /** Deletes a file or a folder with everything in it. */
  static void delete(Path path) {
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new TokenException("cannot delete " + path, e);
    }
  }
}
