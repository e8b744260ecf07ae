package io.persona.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The repository root, found from the working directory upwards (tests run with cwd = tests/). */
public final class ProjectRoot {
  private ProjectRoot() {}

  public static Path get() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("gateway"))) {
        return dir;
      }
    }
    throw new IllegalStateException("No Persona repository (mvnw + gateway/) above " + Paths.get("").toAbsolutePath());
  }

  /** A folder under tests/target, created if missing. */
  public static Path testTarget(String name) {
    Path dir = get().resolve("tests").resolve("target").resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }
}
