package io.persona.simulations.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads events from newline-delimited JSON (one object per line), gzipped or not, fields taken by
 * name through a {@link ColumnMapping}; numbers and strings are both accepted as text.
 */
public final class NdjsonEvents {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NdjsonEvents() {}

  public static EventFile read(Path path, ColumnMapping mapping) {
    return EventFile.of(rows(path, mapping::event));
  }

  /** Every object of the file through {@code mapper}; lines it refuses are counted, not fatal. */
  public static <T> Rows<T> rows(Path path, Rows.Mapper<T> mapper) {
    try (BufferedReader reader = EventFile.open(path)) {
      List<T> values = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      int skipped = 0;
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = MAPPER.readTree(line);
          values.add(mapper.apply(field -> {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
          }));
        } catch (IOException | RuntimeException e) {
          skipped++;
          if (errors.size() < EventFile.ERRORS_KEPT) {
            errors.add("line " + lineNumber + ": " + e.getMessage());
          }
        }
      }
      return new Rows<>(values, skipped, errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
