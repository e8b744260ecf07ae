package io.persona.models.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
          + " offline " + System.getProperty(TorchRuntime.OFFLINE));
    }
  }

  @Test
  void aJvmStartedWithoutFlagsScoresWithTheThreadsTheNodeAsksFor() throws Exception {
    // 3: neither PyTorch's default on this machine nor the flags' usual 1, so only prepare can give it
    assertEquals("threads 3 3 offline true", probe(List.of(), 3));
  }

  @Test
  void flagsGivenOnTheCommandLineWin() throws Exception {
    assertEquals("threads 2 1 offline true",
        probe(List.of("-D" + TorchRuntime.INTRA_OP_THREADS + "=2", "-D" + TorchRuntime.INTER_OP_THREADS + "=1"), 3));
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
    // the environment (DJL's cache directory, DJL_OFFLINE) is this JVM's; no -D flag is passed on
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the probe JVM did not finish in 2 minutes");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    return output.lines().filter(line -> line.startsWith("threads ")).findFirst()
        .orElseThrow(() -> new AssertionError("the probe printed no thread counts:\n" + output));
  }
}
