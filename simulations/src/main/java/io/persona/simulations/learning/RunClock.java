package io.persona.simulations.learning;

/**
 * Simulated minutes over wall-clock time: minute 1 starts when the clock is made, each lasts
 * {@code minuteSeconds} (60 for real minutes; fewer for a quick run), and after the last one
 * {@link #minute()} answers 0, which stops the workers.
 */
final class RunClock {
  private final long startNanos = System.nanoTime();
  private final long minuteNanos;
  private final int minutes;

  RunClock(double minuteSeconds, int minutes) {
    this.minuteNanos = Math.max(1, (long) (minuteSeconds * 1e9));
    this.minutes = minutes;
  }

  /** The current simulated minute, counted from 1; 0 once the run is over. */
  int minute() {
    long elapsed = System.nanoTime() - startNanos;
    long minute = elapsed / minuteNanos + 1;
    return minute > minutes ? 0 : (int) minute;
  }

  /** Nanoseconds until simulated minute {@code minute} ends. */
  long nanosUntilEndOf(int minute) {
    return startNanos + minute * minuteNanos - System.nanoTime();
  }
}
