package io.persona.simulations.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The events read from one file, with the rows that could not be read: a real export has a few
 * broken lines, and a benchmark should say how many it dropped rather than stop.
 *
 * @param skippedRows rows that were not events
 * @param firstErrors the first few of them, as "line N: why"
 */
public record EventFile(List<HistoryEvent> events, int skippedRows, List<String> firstErrors) {
  static final int ERRORS_KEPT = 10;

  public EventFile {
    events = List.copyOf(events);
    firstErrors = List.copyOf(firstErrors);
  }

  static EventFile of(Rows<HistoryEvent> rows) {
    return new EventFile(rows.values(), rows.skipped(), rows.firstErrors());
  }

  /** A reader of the file, gunzipped when its name ends in {@code .gz}. */
  static BufferedReader open(Path path) throws IOException {
    InputStream in = Files.newInputStream(path);
    if (path.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }
}
