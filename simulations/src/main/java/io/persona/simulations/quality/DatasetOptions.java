package io.persona.simulations.quality;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which history a quality benchmark reads, and how its columns map onto events: the options the
 * offline and the served benchmark share, so one dataset is read alike by both. Without options it
 * is the Online Retail file; another dataset is a CSV or NDJSON file with a column mapping:
 * <pre>
 *   --data FILE  --format online-retail|csv|ndjson
 *   --user-column C --item-column C --time-column C [--time-format iso|epoch-seconds|epoch-millis]
 *   [--type-column C | --type purchase] [--value-column C]
 * </pre>
 */
public record DatasetOptions(Path data, String format, ColumnMapping mapping) {

  /** The dataset options among {@code given} (option name without "--" to its value). */
  public static DatasetOptions parse(Map<String, String> given) {
    String format = given.getOrDefault("format", "online-retail");
    Path data = Path.of(given.getOrDefault("data", OnlineRetail.DEFAULT_FILE.toString()));
    ColumnMapping mapping;
    if (format.equals("online-retail")) {
      mapping = OnlineRetail.MAPPING;
    } else if (format.equals("csv") || format.equals("ndjson")) {
      TimestampFormat time = TimestampFormat.valueOf(
          given.getOrDefault("time-format", "iso").toUpperCase().replace('-', '_'));
      mapping = new ColumnMapping(required(given, "user-column"), required(given, "item-column"),
          required(given, "time-column"), time, given.get("type-column"),
          given.containsKey("type-column") ? null : given.getOrDefault("type", "purchase"), given.get("value-column"));
    } else {
      throw new IllegalArgumentException("unknown --format " + format);
    }
    return new DatasetOptions(data, format, mapping);
  }

  /** "--name value" pairs as name to value; anything else is refused. */
  public static Map<String, String> pairs(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int a = 0; a < args.length; a++) {
      if (!args[a].startsWith("--") || a + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + args[a]);
      }
      given.put(args[a].substring(2), args[++a]);
    }
    return given;
  }

  public EventFile read() {
    return EventFile.of(rows(mapping::event));
  }

  /** Every row of the file through {@code mapper} (another reading of the same rows, e.g. item attributes). */
  public <T> Rows<T> rows(Rows.Mapper<T> mapper) {
    return format.equals("ndjson") ? NdjsonEvents.rows(data, mapper) : CsvEvents.rows(data, mapper);
  }

  private static String required(Map<String, String> given, String option) {
    String value = given.get(option);
    if (value == null) {
      throw new IllegalArgumentException("--" + option + " is required with --format csv or ndjson");
    }
    return value;
  }
}
