package io.persona.simulations.quality.served;

import io.persona.actors.node.NodeConfig;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.simulations.node.Keyspaces;
import io.persona.simulations.quality.Evaluator;
import io.persona.simulations.quality.EventFile;
import io.persona.simulations.quality.EventWeights;
import io.persona.simulations.quality.Fits;
import io.persona.simulations.quality.HistoryEvent;
import io.persona.simulations.quality.Interactions;
import io.persona.simulations.quality.LeaveLastOut;
import io.persona.simulations.quality.MethodRow;
import io.persona.simulations.quality.MethodTable;
import io.persona.simulations.quality.Protocol;
import io.persona.simulations.quality.ProtocolRun;
import io.persona.simulations.quality.ResultJson;
import io.persona.simulations.quality.SeenPolicy;
import io.persona.simulations.quality.Split;
import io.persona.simulations.quality.TemporalSplit;
import io.persona.simulations.quality.TrainingSet;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The quality benchmark through the running system (issue 13): a real history replayed into a
 * Persona node over its public HTTP API, each test user's served list scored against what they did
 * next, next to the offline baselines (most-popular, item-kNN over the last 5 items, tuned ALS)
 * trained in the same run on the same training events. Per protocol, on a fresh keyspace: the
 * baselines are tuned and scored, a node is started (its own JVM, on the local Cassandra node the
 * project's launcher starts or reuses), the catalog and the training events are imported with their
 * timestamps shifted to end now, the benchmark waits until the node has trained on them, then asks
 * (and, for the temporal split, sends the test period live). Writes simulations/results/quality.json,
 * .md and .png. Options: {@link ServedOptions}. Run it with {@code simulations/bench-quality}.
 */
public final class ServedQualityBenchmark {
  /** /v1/events takes at most 1,000 events per request (persona.ingest.max-events-per-request). */
  static final int MAX_LIVE_POST = 1000;

  private ServedQualityBenchmark() {}

  public static void main(String[] args) {
    try {
      run(ServedOptions.parse(args));
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(ServedOptions options) throws Exception {
    long started = System.nanoTime();
    String startedAt = Instant.now().toString();
    EventFile file = options.dataset().read();
    if (file.skippedRows() > 0) {
      System.out.printf("%d rows skipped, e.g. %s%n", file.skippedRows(), file.firstErrors());
    }
    Interactions data = Interactions.of(firstEvents(file.events(), options.maxEvents()), EventWeights.DEFAULT);
    TrainingSet all = data.all();
    Duration span = Duration.ofMillis(all.end() - all.time(0));
    System.out.printf("%s: %,d events, %,d users, %,d items over %d days%n", options.dataset().data(), all.events(),
        all.users(), all.catalogSize(), span.toDays());
    ItemAttributes attributes = ItemAttributes.read(options.dataset(), options.categoryColumn(), options.titleColumn());
    NodeSettings settings = NodeSettings.forHistory(options);
    settings.overrides().forEach((name, value) -> System.out.printf("node setting %s=%s (%s)%n", name, value,
        settings.reasons().get(name)));

    // the bench profile: the project's own local Cassandra node, started or reused (and stopped if started here)
    CassandraSettings cassandra = CassandraSettings.fromConfig(NodeConfig.load("bench"));
    String runId = Long.toString(System.currentTimeMillis(), 36);
    List<ServedProtocol> results = new ArrayList<>();
    try (LocalCassandraNode cassandraNode = LocalCassandraNode.ensureRunning(cassandra.localNodeSettings())) {
      for (String name : options.protocols()) {
        results.add(protocol(name, options, data, attributes, settings, cassandra, cassandraNode.contactPoint(),
            "persona_quality_" + runId + "_" + results.size()));
      }
    }

    double seconds = (System.nanoTime() - started) / 1e9;
    ServedReport report = new ServedReport(options, file, data, settings, results, startedAt, seconds);
    Files.createDirectories(options.out().toAbsolutePath().getParent());
    ResultJson.MAPPER.writeValue(options.out().toFile(), report.json());
    String markdown = report.markdown();
    Files.writeString(options.sibling(".md"), markdown);
    QualityChart.write(QualityChart.groups(results), "HR@10: Persona served over HTTP vs offline baselines ("
        + options.dataset().data().getFileName() + ")", options.sibling(".png"));
    System.out.println();
    System.out.println(markdown);
    System.out.printf("Wrote %s, %s and %s (%.0f min)%n", options.out(), options.sibling(".md"),
        options.sibling(".png"), seconds / 60);
  }

  private static ServedProtocol protocol(String name, ServedOptions options, Interactions data,
                                         ItemAttributes attributes, NodeSettings settings, CassandraSettings cassandra,
                                         String contactPoint, String keyspace) throws Exception {
    TrainingSet all = data.all();
    boolean temporal = name.equals(ServedOptions.TEMPORAL_NEXT);
    Protocol protocol = temporal ? new TemporalSplit(options.quantile(), TemporalSplit.Relevance.NEXT)
        : new LeaveLastOut();
    System.out.printf("%n== %s: baselines (offline, same training events) ==%n", name);
    ProtocolRun baselines = new ProtocolRun(protocol, all, options.maxUsers(), options.validationUsers(), false,
        new Fits(), System.out).runBaselines();
    Split split = baselines.test();
    long cut = temporal ? TemporalSplit.quantileTime(all, options.quantile()) : -1;
    ReplayPlan plan = temporal ? ReplayPlan.temporal(all, cut, split.cases(), MAX_LIVE_POST)
        : ReplayPlan.leaveLastOut(all, split.cases());
    TimeShift shift = TimeShift.endingAt(all.end(), Instant.now());

    System.out.printf("== %s: replay through a node (keyspace %s) ==%n", name, keyspace);
    Replay.Result replay;
    try (ServedNode node = ServedNode.start("quality-" + name, options.nodeHeap(), settings,
        Map.of("PERSONA_CASSANDRA_CONTACT_POINTS", contactPoint, "PERSONA_CASSANDRA_KEYSPACE", keyspace))) {
      replay = new Replay(node.api(), data, split.cases(), shift,
          options.eventIds().equals(ServedOptions.IDS_UUID), System.out)
          .run(plan, attributes, options);
    } finally {
      Keyspaces.drop(cassandra, contactPoint, keyspace);
    }

    Evaluator evaluator = new Evaluator(split);
    List<MethodRow> served = new ArrayList<>();
    for (SeenPolicy seen : SeenPolicy.values()) {
      MethodRow row = new MethodRow(name, seen, ServedProtocol.SERVED, ServedProtocol.SERVED_LABEL,
          "GET /v1/users/{id}/recommendations?k=" + Evaluator.K + "&seen=" + seen.label(), Double.NaN,
          evaluator.evaluateLists(replay.lists().get(seen), seen), replay.figures().askSeconds());
      served.add(row);
      System.out.print(MethodTable.row(row));
    }
    for (SeenPolicy seen : SeenPolicy.values()) {
      MethodRow row = new MethodRow(name, seen, ServedProtocol.RETRIEVAL_ORDER, ServedProtocol.RETRIEVAL_ORDER_LABEL,
          "GET /v1/users/{id}/recommendations?k=" + Evaluator.K + "&seen=" + seen.label() + "&order=retrieval",
          Double.NaN, evaluator.evaluateLists(replay.retrievalLists().get(seen), seen), replay.figures().askSeconds());
      served.add(row);
      System.out.print(MethodTable.row(row));
    }
    for (SeenPolicy seen : SeenPolicy.values()) {
      // the list a client gets without a seen parameter, scored as each policy scores a list: with
      // seen=exclude every seen item it shows is a wasted slot
      MethodRow row = new MethodRow(name, seen, ServedProtocol.DEFAULT_REQUEST, ServedProtocol.DEFAULT_REQUEST_LABEL,
          "GET /v1/users/{id}/recommendations?k=" + Evaluator.K + " (no seen parameter)",
          Double.NaN, evaluator.evaluateLists(replay.defaultLists(), seen), replay.figures().askSeconds());
      served.add(row);
      System.out.print(MethodTable.row(row));
    }
    ServedProtocol result = new ServedProtocol(name, split, plan, shift, cut, baselines.rows(), served, replay);
    for (SeenPolicy seen : SeenPolicy.values()) {
      System.out.print(ServedReport.goalLine(result, seen));
    }
    return result;
  }

  /** The first {@code max} events in time order (0: all), for a quicker run on a prefix of the history. */
  private static List<HistoryEvent> firstEvents(List<HistoryEvent> events, int max) {
    if (max <= 0 || events.size() <= max) {
      return events;
    }
    List<HistoryEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(HistoryEvent::timestamp)); // stable: ties keep the file order
    return sorted.subList(0, max);
  }
}
