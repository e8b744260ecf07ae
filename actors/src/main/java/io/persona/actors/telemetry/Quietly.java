package io.persona.actors.telemetry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a recording so that it can never fail the request, event or training cycle it measures: a
 * failure is logged once per JVM (a broken metric would otherwise log on every request) and then
 * ignored.
 */
public final class Quietly {
  private static final Logger log = LoggerFactory.getLogger(Quietly.class);
  private static final AtomicBoolean warned = new AtomicBoolean();

  private Quietly() {}

  public static void run(Runnable recording) {
    try {
      recording.run();
    } catch (RuntimeException | LinkageError e) {
      if (warned.compareAndSet(false, true)) {
        log.warn("Recording a metric failed; the work it measured goes on, and later failures are not logged", e);
      }
    }
  }
}
