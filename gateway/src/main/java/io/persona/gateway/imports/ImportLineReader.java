package io.persona.gateway.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.gateway.json.Json;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * An import file or body, one {@link ImportLine} at a time, streaming: NDJSON (one JSON object a
 * line) or CSV with a header row (line 1). Blank lines are skipped; a line that cannot be read is
 * an unreadable line with its reason, and reading goes on.
 */
public final class ImportLineReader {
  private final BufferedReader in;
  private final ImportFormat format;
  private final CsvReader csv;
  private final CsvColumns columns;
  private long ndjsonLine;

  /**
   * Reads the CSV header at once.
   *
   * @param derivedIds counts rows for derived event ids (CSV events without an eventId column)
   */
  public ImportLineReader(BufferedReader in, ImportFormat format, CsvColumns.Kind kind, DerivedEventIds derivedIds)
      throws IOException, CsvColumns.BadHeaderException {
    this.in = in;
    this.format = format;
    if (format == ImportFormat.CSV) {
      this.csv = new CsvReader(in);
      CsvReader.Row header;
      try {
        header = csv.next();
      } catch (CsvReader.MalformedRowException e) {
        throw new CsvColumns.BadHeaderException("the header row (line 1) is not valid CSV: " + e.getMessage());
      }
      if (header == null) {
        throw new CsvColumns.BadHeaderException("the CSV is empty; its first line must be a header row");
      }
      this.columns = CsvColumns.fromHeader(kind, header.fields(), derivedIds);
    } else {
      this.csv = null;
      this.columns = null;
    }
  }

  /** The next line, or null at the end. */
  public ImportLine next() throws IOException {
    return format == ImportFormat.CSV ? nextCsv() : nextNdjson();
  }

  private ImportLine nextCsv() throws IOException {
    while (true) {
      CsvReader.Row row;
      try {
        row = csv.next();
      } catch (CsvReader.MalformedRowException e) {
        return ImportLine.unreadable(e.line(), e.getMessage());
      }
      if (row == null) {
        return null;
      }
      if (row.fields().size() == 1 && row.fields().get(0).isBlank()) {
        continue;
      }
      return columns.read(row);
    }
  }

  private ImportLine nextNdjson() throws IOException {
    while (true) {
      String text = in.readLine();
      if (text == null) {
        return null;
      }
      ndjsonLine++;
      if (text.isBlank()) {
        continue;
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text);
        if (node instanceof ObjectNode object) {
          return ImportLine.of(ndjsonLine, object);
        }
        return ImportLine.unreadable(ndjsonLine, "is not a JSON object");
      } catch (JsonProcessingException e) {
        return ImportLine.unreadable(ndjsonLine, "is not valid JSON: " + e.getOriginalMessage());
      }
    }
  }
}
