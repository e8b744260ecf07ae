package io.persona.gateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * {@code FILE.import-progress}: the last line of the file below which every chunk was
 * acknowledged by the node, and the file's size (a resume against a changed file is refused).
 * Written by replacing the file atomically, so a crash leaves the old or the new checkpoint.
 */
final class Checkpoint {
  private final Path path;
  private final long fileSize;

  Checkpoint(Path file, long fileSize) {
    this.path = file.resolveSibling(file.getFileName() + ".import-progress");
    this.fileSize = fileSize;
  }

  Path path() {
    return path;
  }

  /** The line every chunk up to which was acknowledged, if a previous run got that far. */
  OptionalLong load() throws IOException {
    if (!Files.exists(path)) {
      return OptionalLong.empty();
    }
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    long size = Long.parseLong(properties.getProperty("file-size", "-1"));
    if (size != fileSize) {
      throw new IOException(path + " belongs to a file of " + size + " bytes; this one has " + fileSize
          + ". Delete the checkpoint (or pass --restart) to import from the start.");
    }
    return OptionalLong.of(Long.parseLong(properties.getProperty("done-through-line")));
  }

  void save(long doneThroughLine) throws IOException {
    Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
    Files.writeString(temporary, "# persona import: every line up to this one was acknowledged\n"
        + "done-through-line=" + doneThroughLine + "\nfile-size=" + fileSize + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete() throws IOException {
    Files.deleteIfExists(path);
  }
}
