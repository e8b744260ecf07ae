package io.persona.simulations.learning;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The command line of {@link LearningSimulation}: {@code --name value} or {@code --name=value}. */
/**
 * @param shiftAtMinute from this minute on every user's tastes are shifted (another preferred
 *                      category, opposite latent taste): a world that changes under the loop, for
 *                      the monitors; 0 keeps the world as it is
 */
record SimulationOptions(String url, int minutes, double minuteSeconds, int users, int items, int categories,
                         int workers, long seed, String label, Path out, int k, int shiftAtMinute) {

  static final String USAGE = "LearningSimulation [--url http://127.0.0.1:8080] [--minutes 10] [--minute-seconds 60]"
      + " [--users 400] [--items 2000] [--categories 20] [--workers 8] [--seed 42] [--k 10]"
      + " [--label learning] [--out simulations/target/learning/<label>.json] [--shift-at-minute 0]";
  private static final Set<String> NAMES = Set.of("url", "minutes", "minute-seconds", "users", "items", "categories",
      "workers", "seed", "k", "label", "out", "shift-at-minute");

  SimulationOptions {
    if (minutes < 1 || minuteSeconds <= 0 || workers < 1 || k < 1 || k > 100 || shiftAtMinute < 0) {
      throw new IllegalArgumentException(
          "need minutes >= 1, minute-seconds > 0, workers >= 1, 1 <= k <= 100, shift-at-minute >= 0");
    }
  }

  WorldSettings world() {
    return new WorldSettings(items, categories, users, seed);
  }

  static SimulationOptions parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg + "\nusage: " + USAGE);
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "\nusage: " + USAGE);
      }
      if (equals < 0 && i + 1 >= args.length) {
        throw new IllegalArgumentException("--" + name + " needs a value\nusage: " + USAGE);
      }
      given.put(name, equals < 0 ? args[++i] : arg.substring(equals + 1));
    }
    String label = given.getOrDefault("label", "learning");
    return new SimulationOptions(
        given.getOrDefault("url", "http://127.0.0.1:8080").replaceAll("/+$", ""),
        Integer.parseInt(given.getOrDefault("minutes", "10")),
        Double.parseDouble(given.getOrDefault("minute-seconds", "60")),
        Integer.parseInt(given.getOrDefault("users", String.valueOf(WorldSettings.DEFAULT_USERS))),
        Integer.parseInt(given.getOrDefault("items", String.valueOf(WorldSettings.DEFAULT_ITEMS))),
        Integer.parseInt(given.getOrDefault("categories", String.valueOf(WorldSettings.DEFAULT_CATEGORIES))),
        Integer.parseInt(given.getOrDefault("workers", "8")),
        Long.parseLong(given.getOrDefault("seed", "42")),
        label,
        Path.of(given.getOrDefault("out", "simulations/target/learning/" + label + ".json")),
        Integer.parseInt(given.getOrDefault("k", "10")),
        Integer.parseInt(given.getOrDefault("shift-at-minute", "0")));
  }
}
