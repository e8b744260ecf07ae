package io.persona.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load's requests over time from a fault on, for the log (what answered how, in slices of a
 * few seconds, by when they were sent) and as a CSV file of every request, to see where the
 * time went.
 */
public final class LoadTimeline {
  private LoadTimeline() {}

  /** One line per slice: "+5s: 38 ok, 2 HTTP 503 (max 5031 ms)". */
  public static String slices(List<LoadAttempt> attempts, Instant from, Duration slice) {
    Map<Long, List<LoadAttempt>> bySlice = new TreeMap<>();
    for (LoadAttempt attempt : attempts) {
      long offset = Duration.between(from, attempt.sentAt()).toMillis();
      bySlice.computeIfAbsent(Math.floorDiv(offset, slice.toMillis()), s -> new ArrayList<>()).add(attempt);
    }
    StringBuilder lines = new StringBuilder();
    bySlice.forEach((index, inSlice) -> {
      Map<String, Long> outcomes = new TreeMap<>();
      inSlice.forEach(a -> outcomes.merge(a.ok() ? "ok" : a.failure(), 1L, Long::sum));
      long max = inSlice.stream().mapToLong(LoadAttempt::latencyMillis).max().orElse(0);
      lines.append("\n  sent +").append(index * slice.toSeconds()).append("s: ").append(outcomes)
          .append(" (max ").append(max).append(" ms)");
    });
    return lines.toString();
  }

  /** Every request as a CSV row, times in ms from {@code from}. */
  public static void writeCsv(List<LoadAttempt> attempts, Instant from, Path file) {
    List<String> rows = new ArrayList<>();
    rows.add("sent_ms,kind,user,port,events,status,failure,latency_ms,retry_after");
    for (LoadAttempt a : attempts) {
      rows.add(Duration.between(from, a.sentAt()).toMillis() + "," + a.kind() + "," + a.user() + "," + a.port() + ","
          + a.events() + "," + a.status() + "," + (a.ok() ? "" : a.failure().replace(',', ';')) + ","
          + a.latencyMillis() + "," + (a.retryAfter() == null ? "" : a.retryAfter()));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
