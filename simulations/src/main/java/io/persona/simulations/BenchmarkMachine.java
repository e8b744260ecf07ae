package io.persona.simulations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** What every results file records about the machine it was measured on. */
public final class BenchmarkMachine {

  private BenchmarkMachine() {}

  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The CPU model from /proc/cpuinfo, or "unknown" where there is none. */
  public static String cpuModel() {
    try {
      return Files.readAllLines(Paths.get("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
