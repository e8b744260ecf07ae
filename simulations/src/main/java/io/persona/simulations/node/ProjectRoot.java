package io.persona.simulations.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The repository root, found from the working directory upwards: tests run with the working
 * directory in tests/, the benchmarks from the root, and both run the gateway packaged there.
 */
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

  /** {@code <module>/target/<name>} under the root, created if missing. */
  public static Path target(String module, String name) {
    Path dir = get().resolve(module).resolve("target").resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
    return dir;
  }
}
