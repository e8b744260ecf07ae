package io.persona.models.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a node gets from PyTorch when it is started without DJL's flags (embedded, or a JVM of
 * its own): each case runs in a fresh JVM, since DJL reads the settings once, when the engine loads.
 */
class TorchRuntimeTest {

  /** Prepares the runtime with the thread count of its argument, loads PyTorch and prints its pools. */
  public static final class Probe {
    public static void main(String[] args) {
      TorchRuntime.prepare(Integer.parseInt(args[0]));
      Engine.getEngine("PyTorch");
      System.out.println("threads " + JniUtils.getNumThreads() + " " + JniUtils.getNumInteropThreads()
          + " offline " + Utils.isOfflineMode());
    }
  }

  /** One more thread than the machine has cores: never PyTorch's own default, so only prepare can give it. */
  private static final int ASKED = Runtime.getRuntime().availableProcessors() + 1;

  @Test
  void aJvmStartedWithoutFlagsScoresWithTheThreadsTheNodeAsksForAndOffline() throws Exception {
    assertEquals("threads " + ASKED + " " + ASKED + " offline true", probe(List.of(), ASKED));
  }

  @Test
  void flagsGivenOnTheCommandLineWin() throws Exception {
    assertEquals("threads 2 1 offline true",
        probe(List.of("-D" + TorchRuntime.INTRA_OP_THREADS + "=2", "-D" + TorchRuntime.INTER_OP_THREADS + "=1"), ASKED));
  }

  @Test
  void fewerThanOneThreadIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TorchRuntime.prepare(0));
    assertTrue(refused.getMessage().contains("0"), refused.getMessage());
  }

  private static String probe(List<String> flags, int threads) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(),
        Integer.toString(threads)));
    // the environment is this JVM's (DJL's cache directory) but for DJL_OFFLINE, which would decide
    // over the property; no -D flag is passed on. Output goes to a file: a full pipe cannot block it
    Path output = Files.createTempFile("torch-probe", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().remove("DJL_OFFLINE");
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the probe JVM did not finish in 2 minutes:\n" + Files.readString(output));
      }
      String printed = Files.readString(output);
      assertEquals(0, process.exitValue(), printed);
      return printed.lines().filter(line -> line.startsWith("threads ")).findFirst()
          .orElseThrow(() -> new AssertionError("the probe printed no thread counts:\n" + printed));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
