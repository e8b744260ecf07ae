package io.persona.gateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The API key a command sends: {@code --key}, else {@code PERSONA_API_KEY}, else the development
 * key a local profile keeps in {@code data/development-key} (so that `./persona import` works
 * against `./persona up` with no setup). Empty when there is none: the node then answers 401.
 */
final class ApiKeyOption {
  static final Path DEVELOPMENT_KEY = Path.of("data", "development-key");

  private ApiKeyOption() {}

  static String resolve(String option) {
    if (option != null && !option.isBlank()) {
      return option.trim();
    }
    String env = System.getenv("PERSONA_API_KEY");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    if (Files.isRegularFile(DEVELOPMENT_KEY)) {
      try {
        return Files.readString(DEVELOPMENT_KEY, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + DEVELOPMENT_KEY, e);
      }
    }
    return "";
  }
}
