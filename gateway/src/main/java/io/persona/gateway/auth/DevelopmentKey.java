package io.persona.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The local profiles' development key: generated at the first start, kept in a file readable by its
 * owner only, and read back on every later start so that `./persona up` prints the same key each
 * time. (The file is written first and restricted right after: it lives in the project's own
 * data directory on a developer's machine.)
 */
public final class DevelopmentKey {
  private DevelopmentKey() {}

  /** The key to make sure exists: the configured bootstrap key, else the development key, else none. */
  public static Optional<String> resolve(AuthSettings settings) {
    if (!settings.bootstrapKey().isEmpty()) {
      return Optional.of(settings.bootstrapKey());
    }
    if (settings.developmentKeyFile().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(readOrCreate(Path.of(settings.developmentKeyFile())));
  }

  static String readOrCreate(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      String key = ApiKeySecrets.text(ApiKeySecrets.generate());
      try {
        // CREATE_NEW: two local nodes starting together, the first file wins and both use it
        Files.write(file, (key + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        setOwnerOnly(file);
        return key;
      } catch (FileAlreadyExistsException exists) {
        return readExisting(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the development key in " + file, e);
    }
  }

  private static String readExisting(Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String key = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (ApiKeySecrets.parse(key).isPresent()) {
        return key;
      }
      if (attempt == 20) {
        throw new IllegalStateException(file + " does not hold a producer key; delete it to get a new one");
      }
      try {
        Thread.sleep(50); // another node may be writing it right now
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + file, e);
      }
    }
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the user's profile directory protects it
    }
  }
}
