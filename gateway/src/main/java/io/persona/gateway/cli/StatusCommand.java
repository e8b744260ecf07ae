package io.persona.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code persona status}: a running cluster at a glance, from one node's operator endpoints: the
 * members, the model served and the champion, the history model, the learning loop, and that
 * node's throughput (its Prometheus counters read twice, {@code --sample} apart). Exit codes: 0
 * ready with every member up and reachable, 1 not ready or a member unreachable, 3 no node answers.
 */
@Command(name = "persona status", mixinStandardHelpOptions = true,
    description = "Cluster, model, learning and throughput of a running cluster, at a glance.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the node is ready and every member is up and reachable",
        "1:not ready, or a member is unreachable or not up", "2:usage error", "3:no node answers"})
public final class StatusCommand implements Callable<Integer> {
  /** A sample line of the Prometheus text: name, labels, value. */
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "a node (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--operator-key", paramLabel = "KEY",
      description = "the operator key (default: PERSONA_OPERATOR_KEY, else the local profiles' key)")
  String operatorKey;

  @Option(names = "--sample", defaultValue = "25s", paramLabel = "DURATION",
      description = "how long at most to watch the node's counters for its rates: they change once per metrics "
          + "tick (persona.metrics tick-interval, 10 s), so two ticks are needed (default ${DEFAULT-VALUE}; 0s: "
          + "no rates)")
  String sample;

  @Override
  public Integer call() throws Exception {
    Duration window = duration(sample);
    if (window == null) {
      System.err.println("--sample takes a duration such as 25s, 1m or 0s, not " + sample);
      return 2;
    }
    var client = OperatorClient.forCommand(url, operatorKey);
    if (client.isEmpty()) {
      return OperatorClient.USAGE;
    }
    OperatorClient node = client.get();
    try {
      OperatorClient.Reply ready = node.get("/health/ready");
      OperatorClient.Reply cluster = node.get("/v1/admin/cluster");
      if (cluster.status() == 401 || cluster.status() == 403) {
        System.err.println("The node refused the operator key (" + cluster.status() + "): " + cluster.why());
        return OperatorClient.REFUSED;
      }
      boolean healthy = ready.ok();
      System.out.println("node      " + url + ": " + (ready.json() == null ? ready.status()
          : ready.json().path("status").asText() + " " + ready.json().path("checks")));
      if (cluster.ok()) {
        healthy &= printCluster(cluster.json());
      }
      OperatorClient.Reply serving = node.get("/v1/admin/serving");
      OperatorClient.Reply models = node.get("/v1/models?limit=1");
      if (serving.ok() && models.ok()) {
        JsonNode served = serving.json().path("model");
        System.out.println("model     serving " + served.path("version").asText() + " (" + served.path("kind").asText()
            + "); champion " + models.json().path("champion").asText("none registered")
            + ", " + models.json().path("total").asInt() + " versions registered");
        JsonNode history = serving.json().path("history");
        System.out.println("history   " + history.path("version").asText() + ": " + history.path("interactions").asLong()
            + " interactions, trained at " + history.path("trainedAt").asText());
        JsonNode catalog = serving.json().path("catalog");
        System.out.println("catalog   " + catalog.path("items").asLong() + " items, " + catalog.path("trainedEmbeddings").asLong()
            + " with trained embeddings");
      }
      OperatorClient.Reply learning = node.get("/v1/admin/learning");
      if (learning.ok()) {
        JsonNode loop = learning.json();
        System.out.println("learning  " + (loop.path("enabled").asBoolean() ? "on" : "off")
            + "; join " + stream(loop.path("join")) + "; trainer " + stream(loop.path("trainer"))
            + "; embeddings " + stream(loop.path("embeddings")));
      }
      if (!window.isZero()) {
        printRates(node, window);
      }
      return healthy ? OperatorClient.OK : OperatorClient.REFUSED;
    } catch (OperatorClient.Unreachable e) {
      System.err.println(e.getMessage());
      return OperatorClient.UNREACHABLE;
    }
  }

  /** Prints the members; false when one is unreachable or not up. */
  private static boolean printCluster(JsonNode cluster) {
    int up = 0;
    int members = 0;
    for (JsonNode member : cluster.path("members")) {
      members++;
      if (member.path("status").asText().equals("Up") && member.path("reachable").asBoolean()) {
        up++;
      }
    }
    System.out.println("cluster   " + up + " of " + members + " members up and reachable, leader "
        + cluster.path("leader").asText("none") + "; " + cluster.path("shards").asLong() + " shards, "
        + cluster.path("entities").asLong() + " users live" + (cluster.path("statsComplete").asBoolean(true) ? ""
        : " (some members did not answer in time)"));
    for (JsonNode member : cluster.path("members")) {
      System.out.println("          " + member.path("address").asText() + " " + member.path("status").asText()
          + (member.path("reachable").asBoolean() ? "" : " UNREACHABLE") + " " + member.path("roles"));
    }
    return up == members && members > 0;
  }

  private static String stream(JsonNode stream) {
    return stream.path("started").asBoolean() ? "at " + stream.path("offset").asText() : "not started";
  }

  /**
   * The node's rates between two metrics ticks: its scrape changes only once per tick, so the
   * counters are read at two consecutive changes and divided by the time between them (a scrape
   * every 200 ms: the rate is within a few percent of the tick's).
   */
  private static void printRates(OperatorClient node, Duration window) throws Exception {
    long deadline = System.nanoTime() + window.toNanos();
    OperatorClient.Reply first = node.get("/metrics");
    if (!first.ok()) {
      System.out.println("rates     unknown: the node's metrics answered " + first.status());
      return;
    }
    String previous = first.text();
    String[] ticks = new String[2];
    long[] at = new long[2];
    int seen = 0;
    while (seen < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      OperatorClient.Reply now = node.get("/metrics");
      if (now.ok() && !now.text().equals(previous)) {
        ticks[seen] = now.text();
        at[seen] = System.nanoTime();
        previous = now.text();
        seen++;
      }
    }
    if (seen < 2) {
      System.out.println("rates     unknown: the node's metrics did not refresh twice within " + sample(window)
          + " (its tick is persona.metrics' tick-interval; --sample longer)");
      return;
    }
    double seconds = (at[1] - at[0]) / 1e9;
    System.out.printf("rates     this node, over one metrics tick (%.1f s): %.1f events/s accepted, "
            + "%.1f lists/s served%n", seconds,
        (sum(ticks[1], "persona_events_ingested_total", "") - sum(ticks[0], "persona_events_ingested_total", ""))
            / seconds,
        (sum(ticks[1], "persona_recommend_latency_seconds_count", "outcome=\"ok\"")
            - sum(ticks[0], "persona_recommend_latency_seconds_count", "outcome=\"ok\"")) / seconds);
  }

  private static String sample(Duration window) {
    return window.toMillis() % 1000 == 0 ? window.toSeconds() + "s" : window.toMillis() + "ms";
  }

  /** "25s", "500ms", "1m": a non-negative duration, or null. */
  static Duration duration(String text) {
    Matcher parts = Pattern.compile("(\\d+)(ms|s|m)").matcher(text.trim().toLowerCase());
    if (!parts.matches()) {
      return null;
    }
    long amount = Long.parseLong(parts.group(1));
    return switch (parts.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
  }

  /** The sum of every series of a metric in a Prometheus scrape whose labels contain {@code label}. */
  static double sum(String scrape, String metric, String label) {
    double total = 0;
    Matcher sample = SAMPLE.matcher(scrape);
    while (sample.find()) {
      if (sample.group(1).equals(metric) && (label.isEmpty()
          || (sample.group(2) != null && sample.group(2).contains(label)))) {
        try {
          total += Double.parseDouble(sample.group(3));
        } catch (NumberFormatException ignored) {
          // NaN and the like: not a count
        }
      }
    }
    return total;
  }

  public static int execute(String... args) {
    return new CommandLine(new StatusCommand()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
