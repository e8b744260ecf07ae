package io.persona.simulations.quality;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link QualityBenchmark}: the dataset ({@link DatasetOptions}: without options the
 * Online Retail file) and
 * <pre>
 *   [--test-users N]   score at most N test users per split (a deterministic sample; 0 = all)
 *   [--validation-users N]  tune on at most N validation users (default 2000; 0 = all)
 *   [--exact-als true]  also score ALS trained by the exact solver (slow)
 *   [--quantile Q]     temporal cut: train on the first Q of events (default 0.9)
 *   [--protocols P,P]  some of leave-last-out,temporal-next,temporal-all (default all three)
 *   [--out FILE]       JSON results (default simulations/results/quality-offline.json)
 * </pre>
 */
record QualityOptions(DatasetOptions dataset, int testUsers, int validationUsers, boolean exactAls, double quantile,
                      List<String> protocols, Path out) {
  static final List<String> PROTOCOLS = List.of("leave-last-out", "temporal-next", "temporal-all");

  static QualityOptions parse(String... args) {
    Map<String, String> given = DatasetOptions.pairs(args);
    return new QualityOptions(DatasetOptions.parse(given), Integer.parseInt(given.getOrDefault("test-users", "0")),
        Integer.parseInt(given.getOrDefault("validation-users", "2000")),
        Boolean.parseBoolean(given.getOrDefault("exact-als", "false")),
        Double.parseDouble(given.getOrDefault("quantile", "0.9")),
        protocols(given.getOrDefault("protocols", String.join(",", PROTOCOLS)), PROTOCOLS),
        Path.of(given.getOrDefault("out", "simulations/results/quality-offline.json")));
  }

  Path data() {
    return dataset.data();
  }

  String format() {
    return dataset.format();
  }

  EventFile read() {
    return dataset.read();
  }

  /** The comma-separated protocol names, each one of {@code known}. */
  static List<String> protocols(String list, List<String> known) {
    List<String> chosen = List.of(list.split(","));
    for (String p : chosen) {
      if (!known.contains(p)) {
        throw new IllegalArgumentException("unknown protocol " + p + ", expected some of " + known);
      }
    }
    return chosen;
  }
}
