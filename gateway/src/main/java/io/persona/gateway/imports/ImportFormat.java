package io.persona.gateway.imports;

import java.util.Locale;
import java.util.Optional;

/** The two import formats, as a file's extension or a request's media type names them. */
public enum ImportFormat {
  NDJSON("application/x-ndjson"),
  CSV("text/csv");

  private final String mediaType;

  ImportFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** From a file name: *.csv or *.csv.gz is CSV, *.ndjson, *.jsonl, *.json (and .gz) NDJSON. */
  public static Optional<ImportFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      lower = lower.substring(0, lower.length() - 3);
    }
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl") || lower.endsWith(".json")) {
      return Optional.of(NDJSON);
    }
    return Optional.empty();
  }

  public static Optional<ImportFormat> parse(String name) {
    for (ImportFormat format : values()) {
      if (format.name().equalsIgnoreCase(name)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
