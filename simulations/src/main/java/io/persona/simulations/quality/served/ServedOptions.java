package io.persona.simulations.quality.served;

import com.typesafe.config.ConfigFactory;
import io.persona.simulations.quality.DatasetOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link ServedQualityBenchmark}: the dataset as for the offline benchmark
 * ({@link DatasetOptions}: {@code --data}, {@code --format}, the column mapping, {@code --type},
 * {@code --value-column}; by default Online Retail), and
 * <pre>
 *   [--protocols P,P]        some of leave-last-out,temporal-next (default both)
 *   [--quantile Q]           temporal cut: the first Q of events are history (default 0.9)
 *   [--max-users N]          ask at most N test users per protocol (a deterministic sample; 0 = all)
 *   [--max-events N]         replay only the first N events of the dataset in time order (0 = all)
 *   [--validation-users N]   tune the ALS and popularity baselines on at most N users (default 2000)
 *   [--category-column C]    the items' category (default: none, every item in one category)
 *   [--title-column C]       the items' title (Online Retail: description)
 *   [--history-retrain-interval D]  the node's persona.learning.history.retrain-interval (default: the node's)
 *   [--history-model-poll D]        persona.learning.history.model-poll (default: the node's)
 *   [--embeddings-interval D]       persona.learning.embeddings.interval (default: the node's)
 *   [--training-timeout D]   how long to wait for the node to train on the import (default 20m)
 *   [--ask-after D]          instead of waiting for training, ask D after the history was sent (as a
 *                            user who does not watch the node would; the training state then is reported)
 *   [--ingest MODE]          import (default: POST /v1/import/events) or live (POST /v1/events, 1,000
 *                            events per request, in time order, as a producer replaying its log)
 *   [--event-ids IDS]        sequential (default: replay-N, in the order the events are sent) or uuid
 *                            (a name-based UUID of N: ids in no order, as most producers' are)
 *   [--horizon D]            the node's persona.learning.history.horizon (default: the node's)
 *   [--set NAME=V[;NAME=V]]  other node settings, as PERSONA_... variables (recorded with the results)
 *   [--node-heap H]          -Xmx of the node (default 2g)
 *   [--out FILE]             JSON results (default simulations/results/quality.json; .md and .png beside it)
 * </pre>
 * Durations as HOCON writes them (30s, 5m).
 */
record ServedOptions(DatasetOptions dataset, List<String> protocols, double quantile, int maxUsers, int maxEvents,
                     int validationUsers, String categoryColumn, String titleColumn, String historyRetrainInterval,
                     String historyModelPoll, String embeddingsInterval, Duration trainingTimeout, Duration askAfter,
                     String ingest, String eventIds, String horizon, Map<String, String> nodeSettings, String nodeHeap,
                     Path out) {
  static final String LEAVE_LAST_OUT = "leave-last-out";
  static final String TEMPORAL_NEXT = "temporal-next";
  static final List<String> PROTOCOLS = List.of(LEAVE_LAST_OUT, TEMPORAL_NEXT);
  static final String INGEST_IMPORT = "import";
  static final String INGEST_LIVE = "live";
  static final String IDS_SEQUENTIAL = "sequential";
  static final String IDS_UUID = "uuid";

  static ServedOptions parse(String... args) {
    Map<String, String> given = DatasetOptions.pairs(args);
    DatasetOptions dataset = DatasetOptions.parse(given);
    List<String> protocols = List.of(given.getOrDefault("protocols", String.join(",", PROTOCOLS)).split(","));
    if (!PROTOCOLS.containsAll(protocols)) {
      throw new IllegalArgumentException("unknown protocol in " + protocols + ", expected some of " + PROTOCOLS);
    }
    String ingest = given.getOrDefault("ingest", INGEST_IMPORT);
    if (!List.of(INGEST_IMPORT, INGEST_LIVE).contains(ingest)) {
      throw new IllegalArgumentException("--ingest must be " + INGEST_IMPORT + " or " + INGEST_LIVE + ", was " + ingest);
    }
    String eventIds = given.getOrDefault("event-ids", IDS_SEQUENTIAL);
    if (!List.of(IDS_SEQUENTIAL, IDS_UUID).contains(eventIds)) {
      throw new IllegalArgumentException("--event-ids must be " + IDS_SEQUENTIAL + " or " + IDS_UUID + ", was "
          + eventIds);
    }
    String defaultTitle = dataset.format().equals("online-retail") ? "description" : null;
    return new ServedOptions(dataset, protocols,
        Double.parseDouble(given.getOrDefault("quantile", "0.9")),
        Integer.parseInt(given.getOrDefault("max-users", "0")),
        Integer.parseInt(given.getOrDefault("max-events", "0")),
        Integer.parseInt(given.getOrDefault("validation-users", "2000")),
        given.get("category-column"), given.getOrDefault("title-column", defaultTitle),
        given.get("history-retrain-interval"),
        given.get("history-model-poll"),
        given.get("embeddings-interval"),
        duration(given.getOrDefault("training-timeout", "20m")),
        given.containsKey("ask-after") ? duration(given.get("ask-after")) : null,
        ingest, eventIds, given.get("horizon"), settings(given.getOrDefault("set", "")),
        given.getOrDefault("node-heap", "2g"),
        Path.of(given.getOrDefault("out", "simulations/results/quality.json")));
  }

  /** "NAME=V;NAME=V" in the order given; every name must be a PERSONA_ variable. */
  static Map<String, String> settings(String given) {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (String part : given.split(";")) {
      String pair = part.strip();
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || !pair.startsWith("PERSONA_")) {
        throw new IllegalArgumentException("--set takes PERSONA_NAME=VALUE pairs separated by ';', got " + pair);
      }
      settings.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return settings;
  }

  private static Duration duration(String hocon) {
    return ConfigFactory.parseString("d = " + hocon).getDuration("d");
  }

  /** The Markdown and PNG files beside the JSON. */
  Path sibling(String extension) {
    return out.resolveSibling(out.getFileName().toString().replaceAll("\\.json$", "") + extension);
  }
}
