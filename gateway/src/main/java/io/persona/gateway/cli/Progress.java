package io.persona.gateway.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on stderr: lines done, the rate since the start, the share of the file read
 * and the time left at that rate. Redrawn in place at most twice a second.
 */
final class Progress {
  private final PrintStream out;
  private final String what;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private int drawnLength;

  Progress(PrintStream out, String what, long totalBytes) {
    this.out = out;
    this.what = what;
    this.totalBytes = totalBytes;
  }

  synchronized void update(long done, long bytesRead, boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDrawNanos < 500_000_000L) {
      return;
    }
    lastDrawNanos = now;
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    double rate = done / seconds;
    double share = totalBytes <= 0 ? 0 : Math.min(1.0, (double) bytesRead / totalBytes);
    String eta = share <= 0 ? "?" : duration(seconds * (1 - share) / share);
    String line = String.format(Locale.ROOT, "%s: %,d done, %,.0f/s, %.0f%% of the file read, ETA %s, elapsed %s",
        what, done, rate, share * 100, eta, duration(seconds));
    out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    out.flush();
    drawnLength = line.length();
  }

  synchronized void finish() {
    out.println();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
