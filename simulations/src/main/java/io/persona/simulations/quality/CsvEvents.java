package io.persona.simulations.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads events from a CSV file with a header row (RFC 4180 quoting: a field in double quotes may
 * hold commas and doubled quotes), gzipped or not, columns taken by header name through a
 * {@link ColumnMapping}. A quoted field spanning lines is not supported: that row is skipped.
 */
public final class CsvEvents {
  private CsvEvents() {}

  public static EventFile read(Path path, ColumnMapping mapping) {
    return EventFile.of(rows(path, mapping::event));
  }

  /** Every data row of the file through {@code mapper}; rows it refuses are counted, not fatal. */
  public static <T> Rows<T> rows(Path path, Rows.Mapper<T> mapper) {
    try (BufferedReader reader = EventFile.open(path)) {
      String header = reader.readLine();
      if (header == null) {
        return new Rows<>(List.of(), 0, List.of());
      }
      Map<String, Integer> columns = new HashMap<>();
      List<String> names = fields(header.startsWith("\uFEFF") ? header.substring(1) : header);
      for (int c = 0; c < names.size(); c++) {
        columns.put(names.get(c).strip(), c);
      }
      List<T> values = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      int skipped = 0;
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          List<String> row = fields(line);
          values.add(mapper.apply(column -> {
            Integer c = columns.get(column);
            return c == null || c >= row.size() ? null : row.get(c);
          }));
        } catch (RuntimeException e) {
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

  /** The fields of one CSV line. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted field");
    }
    out.add(field.toString());
    return out;
  }
}
