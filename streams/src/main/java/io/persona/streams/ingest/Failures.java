package io.persona.streams.ingest;


/** How the ingest paths read a failed ask: timed out or not, and its root cause for one log line. */
final class Failures {
  private Failures() {}

  static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }

  /** True when the ask timed out, however many completion wrappers it came in. */
  static boolean timedOut(Throwable failure) {
    return io.persona.actors.user.AskAgain.timedOut(failure);
  }
}
