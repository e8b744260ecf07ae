package io.persona.tests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.simulations.node.ProjectRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image tar Jib writes ({@code gateway/target/jib-image.tar}, Docker's layout: manifest.json,
 * config.json, one .tar.gz per layer), read with the system's {@code tar}: its configuration, the
 * files of its layers with their modes, and its layers unpacked in order into a folder.
 */
final class ContainerImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One file of a layer as {@code tar -tv} lists it: its mode string and its path from /. */
  record Entry(String mode, String path) {}

  private final Path unpacked;
  private final JsonNode config;
  private final List<String> layers;

  private ContainerImage(Path unpacked, JsonNode config, List<String> layers) {
    this.unpacked = unpacked;
    this.config = config;
    this.layers = layers;
  }

  static Path tar() {
    return ProjectRoot.get().resolve("gateway/target/jib-image.tar");
  }

  /** Unpacks the image tar itself (not its layers yet) into {@code dir}. */
  static ContainerImage open(Path dir) {
    Path tar = tar();
    if (!Files.isRegularFile(tar)) {
      throw new AssertionError("No image at " + tar + ": the gateway module builds it when tests run (profile"
          + " 'image', not with -DskipTests); build it with ./mvnw -B -pl gateway -am package -DskipTests -Pimage");
    }
    run(List.of("tar", "-xf", tar.toString(), "-C", dir.toString()));
    try {
      JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
      List<String> layers = new ArrayList<>();
      manifest.get("Layers").forEach(layer -> layers.add(layer.asText()));
      return new ContainerImage(dir, JSON.readTree(dir.resolve(manifest.get("Config").asText()).toFile()), layers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode config() {
    return config.get("config");
  }

  /** The image's environment as name → value. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    config().get("Env").forEach(entry -> {
      String text = entry.asText();
      env.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
    });
    return env;
  }

  List<String> entrypoint() {
    List<String> words = new ArrayList<>();
    config().get("Entrypoint").forEach(word -> words.add(word.asText()));
    return words;
  }

  /** Every file of every layer, in layer order. */
  List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (String layer : layers) {
      for (String line : run(List.of("tar", "--warning=no-unknown-keyword", "-tvzf",
          unpacked.resolve(layer).toString())).split("\n")) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 6) {
          String path = words[words.length - 1];
          entries.add(new Entry(words[0], path.startsWith("./") ? path.substring(1)
              : path.startsWith("/") ? path : "/" + path));
        }
      }
    }
    return entries;
  }

  /** The image's file system: every layer unpacked, in order, into {@code root}. */
  void unpackLayersInto(Path root) {
    for (String layer : layers) {
      run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", unpacked.resolve(layer).toString(), "-C",
          root.toString()));
    }
  }

  /** Runs a short command; its standard output, or an AssertionError with what it printed. */
  static String run(List<String> command) {
    return run(new ProcessBuilder(command), Duration.ofMinutes(5));
  }

  /**
   * Runs {@code command} to its end within {@code within} (its output goes to a file meanwhile, so
   * a command that hangs is stopped at the deadline rather than blocking a read); what it printed.
   */
  static String run(ProcessBuilder command, Duration within) {
    try {
      Path output = Files.createTempFile("image-command", ".log");
      Process process = command.redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = process.waitFor(within.toSeconds(), TimeUnit.SECONDS);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      String out = Files.readString(output);
      Files.deleteIfExists(output);
      if (!ended || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command.command()) + (ended ? " failed" : " still ran after "
            + within) + ":\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
