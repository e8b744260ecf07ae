package io.persona.simulations.quality;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link QualityBenchmark}. Without options it reads the Online Retail file;
 * another dataset is a CSV or NDJSON file with a column mapping:
 * <pre>
 *   --data FILE  --format online-retail|csv|ndjson
 *   --user-column C --item-column C --time-column C [--time-format iso|epoch-seconds|epoch-millis]
 *   [--type-column C | --type purchase] [--value-column C]
 *   [--test-users N]   score at most N test users per split (a deterministic sample; 0 = all)
 *   [--validation-users N]  tune on at most N validation users (default 2000; 0 = all)
 *   [--exact-als true]  also score ALS trained by the exact solver (slow)
 *   [--quantile Q]     temporal cut: train on the first Q of events (default 0.9)
 *   [--protocols P,P]  some of leave-last-out,temporal-next,temporal-all (default all three)
 *   [--out FILE]       JSON results (default simulations/results/quality-offline.json)
 * </pre>
 */
record QualityOptions(Path data, String format, ColumnMapping mapping, int testUsers, int validationUsers,
                      boolean exactAls, double quantile, List<String> protocols, Path out) {
  static final List<String> PROTOCOLS = List.of("leave-last-out", "temporal-next", "temporal-all");

  static QualityOptions parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int a = 0; a < args.length; a++) {
      if (!args[a].startsWith("--") || a + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + args[a]);
      }
      given.put(args[a].substring(2), args[++a]);
    }
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
    return new QualityOptions(data, format, mapping, Integer.parseInt(given.getOrDefault("test-users", "0")),
        Integer.parseInt(given.getOrDefault("validation-users", "2000")),
        Boolean.parseBoolean(given.getOrDefault("exact-als", "false")),
        Double.parseDouble(given.getOrDefault("quantile", "0.9")),
        protocols(given.getOrDefault("protocols", String.join(",", PROTOCOLS))),
        Path.of(given.getOrDefault("out", "simulations/results/quality-offline.json")));
  }

  EventFile read() {
    return format.equals("ndjson") ? NdjsonEvents.read(data, mapping) : CsvEvents.read(data, mapping);
  }

  private static List<String> protocols(String list) {
    List<String> chosen = List.of(list.split(","));
    for (String p : chosen) {
      if (!PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException("unknown protocol " + p + ", expected some of " + PROTOCOLS);
      }
    }
    return chosen;
  }

  private static String required(Map<String, String> given, String option) {
    String value = given.get(option);
    if (value == null) {
      throw new IllegalArgumentException("--" + option + " is required with --format csv or ndjson");
    }
    return value;
  }
}
