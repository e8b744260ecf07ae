package io.persona.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** What a command-line command printed on standard output, run in the test's JVM. */
public final class CommandOutput {
  private CommandOutput() {}

  /** Runs {@code command}, which must exit 0, and returns its standard output (the node's log may share it). */
  public static String printed(IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      code = command.getAsInt();
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    return text;
  }
}
