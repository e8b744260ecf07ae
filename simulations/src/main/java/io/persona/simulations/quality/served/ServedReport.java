package io.persona.simulations.quality.served;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.quality.Evaluator;
import io.persona.simulations.quality.EventFile;
import io.persona.simulations.quality.Goal;
import io.persona.simulations.quality.Interactions;
import io.persona.simulations.quality.MethodRow;
import io.persona.simulations.quality.MethodTable;
import io.persona.simulations.quality.ResultJson;
import io.persona.simulations.quality.SeenPolicy;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The served benchmark's results as JSON and Markdown: per protocol the baselines and the node's
 * lists in one table, the goal per seen policy (served HR@10 over most-popular's and the best
 * baseline's, met or not), where the served slots came from, which models served them, and how the
 * replay went (import, training wait, live events, asks).
 */
final class ServedReport {
  /** How the figures were made, in the JSON and at the head of the Markdown. */
  static final String NOTE = "Full-catalog ranking, no sampled negatives. Served: each test user's GET "
      + "/v1/users/{id}/recommendations?k=10&seen=exclude|include from the node, scored as the offline "
      + "evaluator scores a method (seen=exclude: users whose target was in their training items are not "
      + "scored). Baselines: the offline ones trained in the same run on the same training events, tuned on a "
      + "validation split cut from them. leave-last-out: everything but each user's last event imported, "
      + "asked after the node trained on it. temporal-next: events before the cut imported, the rest sent "
      + "live in time order, each test user asked just before their first later event is sent (its item is "
      + "the target); the baselines answer at the cut from training alone, the node has also seen other "
      + "users' live events by then.";
  private final ServedOptions options;
  private final EventFile file;
  private final Interactions data;
  private final NodeSettings settings;
  private final List<ServedProtocol> protocols;
  private final String startedAt;
  private final double seconds;

  ServedReport(ServedOptions options, EventFile file, Interactions data, NodeSettings settings,
               List<ServedProtocol> protocols, String startedAt, double seconds) {
    this.options = options;
    this.file = file;
    this.data = data;
    this.settings = settings;
    this.protocols = protocols;
    this.startedAt = startedAt;
    this.seconds = seconds;
  }

  static Goal goal(ServedProtocol p, SeenPolicy seen) {
    MethodRow served = p.served().stream().filter(r -> r.seen() == seen).findFirst().orElseThrow();
    return Goal.of(p.baselines(), seen, served);
  }

  ObjectNode json() {
    ObjectNode json = ResultJson.MAPPER.createObjectNode();
    json.put("benchmark", "quality-served");
    json.put("startedAt", startedAt);
    json.put("seconds", Math.round(seconds));
    json.putObject("machine").put("cores", BenchmarkMachine.cores()).put("cpu", BenchmarkMachine.cpuModel())
        .put("java", System.getProperty("java.version"))
        .put("note", "Cassandra, the Persona node and the benchmark (with its offline baselines) share the "
            + "machine, and other builds ran beside it: quality figures only, no timings to compare");
    ObjectNode dataset = json.putObject("dataset");
    dataset.put("file", options.dataset().data().toString());
    dataset.put("format", options.dataset().format());
    dataset.put("events", data.all().events());
    dataset.put("users", data.all().users());
    dataset.put("items", data.all().catalogSize());
    dataset.put("skippedRows", file.skippedRows());
    dataset.put("maxEvents", options.maxEvents());
    dataset.put("categoryColumn", options.categoryColumn());
    dataset.put("titleColumn", options.titleColumn());
    json.put("k", Evaluator.K);
    json.put("lightUserMaxTrainingEvents", Evaluator.LIGHT_USER_EVENTS);
    json.put("testUsersCap", options.maxUsers());
    json.put("validationUsersCap", options.validationUsers());
    json.put("temporalQuantile", options.quantile());
    ObjectNode node = json.putObject("node");
    node.put("started", "its own JVM: io.persona.gateway.Main cluster from the packaged gateway, one node, "
        + "a fresh keyspace per protocol; every other setting at its default");
    node.put("heap", options.nodeHeap());
    json.put("ingest", options.ingest());
    json.put("eventIds", options.eventIds());
    if (options.askAfter() != null) {
      json.put("askAfterSeconds", options.askAfter().toSeconds());
    }
    ObjectNode overrides = node.putObject("overrides");
    settings.overrides().forEach((name, value) -> overrides.putObject(name).put("value", value)
        .put("why", settings.reasons().get(name)));
    json.put("note", NOTE);
    ArrayNode list = json.putArray("protocols");

    for (ServedProtocol p : protocols) {
      list.add(protocolJson(p));
    }
    return json;
  }

  private ObjectNode protocolJson(ServedProtocol p) {
    ObjectNode j = ResultJson.MAPPER.createObjectNode();
    j.put("protocol", p.protocol());
    j.put("trainingEvents", p.split().train().events());
    j.put("testUsers", p.split().cases().size());
    if (p.cutMillis() >= 0) {
      j.put("cut", Instant.ofEpochMilli(p.cutMillis()).toString());
      j.put("cutShifted", p.shift().apply(p.cutMillis()).toString());
    }
    j.put("timeShiftDays", ResultJson.round(p.shift().offsetMillis() / 86_400_000.0));
    Replay.Figures f = p.replay().figures();
    ObjectNode replay = j.putObject("replay");
    replay.put("items", f.items()).put("itemsRefused", f.itemsRefused());
    replay.put("imported", p.plan().imported().length).put("importAccepted", f.imported())
        .put("importDuplicates", f.importDuplicates()).put("importRefused", f.importRefused())
        .put("importSeconds", Math.round(f.importSeconds()));
    replay.put("liveEvents", f.livePosted()).put("liveAccepted", f.liveAccepted()).put("liveRefused", f.liveRefused())
        .put("liveSeconds", Math.round(f.liveSeconds()));
    replay.put("asks", f.asks()).put("askFailures", f.askFailures()).put("askSeconds", Math.round(f.askSeconds()));
    TrainingWait.State t = p.replay().training();
    ObjectNode training = j.putObject("trainingBeforeAsks");
    training.put("caughtUp", t.ready()).put("seconds", Math.round(t.seconds()));
    training.put("historyModel", t.historyVersion()).put("historyInteractions", t.historyInteractions())
        .put("expectedInteractions", t.expectedInteractions());
    training.put("trainedEmbeddingsInReplica", t.trainedEmbeddings());
    if (!t.blend().isMissingNode()) {
      training.set("historyBlend", t.blend());
    }
    if (t.embeddingRun() != null) {
      training.set("embeddingRun", t.embeddingRun());
    }
    if (t.historyRanker() != null) {
      training.set("historyRanker", t.historyRanker());
    }
    ArrayNode methods = j.putArray("methods");
    for (MethodRow row : rows(p)) {
      ObjectNode m = methods.addObject();
      m.put("seen", row.seen().label());
      m.put("role", row.role());
      m.put("label", row.label());
      m.put("method", row.method());
      ResultJson.putNumber(m, "validationHitRate", row.validationHitRate());
      ResultJson.putEvaluation(m.putObject("test"), row.test());
    }
    ObjectNode servedBy = j.putObject("servedSlots");
    for (SeenPolicy seen : SeenPolicy.values()) {
      SourceTally tally = p.replay().tallies().get(seen);
      ObjectNode s = servedBy.putObject(seen.label());
      s.put("lists", tally.lists()).put("emptyLists", tally.emptyLists())
          .put("meanLength", ResultJson.round(tally.meanLength()))
          .put("exploredShare", ResultJson.round(tally.exploredShare()));
      ObjectNode shares = s.putObject("sourceShares");
      tally.sourceShares().forEach((source, share) -> shares.put(source, ResultJson.round(share)));
      ObjectNode models = s.putObject("listsByModelKind");
      tally.listsByKind().forEach(models::put);
      ObjectNode versions = s.putObject("modelVersions");
      tally.versionsByKind().forEach((kind, seenVersions) -> seenVersions.forEach(versions.putArray(kind)::add));
    }
    ObjectNode goals = j.putObject("goal");
    for (SeenPolicy seen : SeenPolicy.values()) {
      Goal goal = goal(p, seen);
      goals.putObject(seen.label())
          .put("servedHitRate", ResultJson.round(goal.served().test().all().hitRate()))
          .put("mostPopularHitRate", ResultJson.round(goal.mostPopular().test().all().hitRate()))
          .put("bestBaseline", goal.bestBaseline().label())
          .put("bestBaselineHitRate", ResultJson.round(goal.bestBaseline().test().all().hitRate()))
          .put("overMostPopular", ResultJson.round(goal.overMostPopular()))
          .put("overBestBaseline", ResultJson.round(goal.overBestBaseline()))
          .put("goalOverMostPopular", Goal.OVER_MOST_POPULAR)
          .put("goalOverBestBaseline", Goal.OVER_BEST_BASELINE)
          .put("met", goal.met());
    }
    return j;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(String.format("Served quality on %s: %,d events, %,d users, %,d items, replayed through one Persona "
            + "node over HTTP (its own JVM, real Cassandra); K = %d, full catalog. Light users: ≤ %d training events. "
            + "± 95 %%: half-width of the hit rate's 95 %% interval. Run %s, %.0f min on %d cores (shared).%n",
        options.dataset().data().getFileName(), data.all().events(), data.all().users(), data.all().catalogSize(),
        Evaluator.K, Evaluator.LIGHT_USER_EVENTS, startedAt, seconds / 60, BenchmarkMachine.cores()));
    md.append('\n').append(NOTE).append('\n');
    md.append(String.format("%nThe history went in by %s, with %s event ids; the asks came %s.%n",
        options.ingest().equals(ServedOptions.INGEST_LIVE) ? "POST /v1/events (1,000 events per request, in time "
            + "order)" : "POST /v1/import/events",
        options.eventIds().equals(ServedOptions.IDS_UUID) ? "UUID (in no order)" : "sequential (replay-N)",
        options.askAfter() == null ? "once the node had trained on it"
            : options.askAfter().toSeconds() + " s after it was sent, whatever the node had trained by then"));
    if (settings.overrides().isEmpty()) {
      md.append("\nThe node runs with all its defaults.\n");
    } else {
      md.append("\nThe node runs with its defaults except:\n\n");
      settings.overrides().forEach((name, value) -> md.append(String.format("- `%s=%s`: %s%n", name, value,
          settings.reasons().get(name))));
    }
    for (ServedProtocol p : protocols) {
      Replay.Figures f = p.replay().figures();
      TrainingWait.State t = p.replay().training();
      md.append(String.format("%n### %s: %,d training events imported, %,d test users%n%n", p.protocol(),
          p.split().train().events(), p.split().cases().size()));
      md.append(String.format("Timestamps shifted by %.1f days (the replay ends about now). Import: %,d accepted, "
              + "%,d refused in %.0f s. Training before the asks: %s after %.0f s (history model on %,d of %,d "
              + "interactions; embedding run %s; source settings %s).", p.shift().offsetMillis() / 86_400_000.0,
          f.imported(), f.importRefused(), f.importSeconds(), t.ready() ? "caught up" : "**not caught up**",
          t.seconds(), t.historyInteractions(), t.expectedInteractions(),
          t.embeddingRun() == null ? "none" : t.embeddingRun().path("counters").toString(),
          t.blend().path("sources").toString()));
      if (f.livePosted() > 0) {
        md.append(String.format(" Live: %,d events sent in time order (%,d accepted) around the asks.",
            f.livePosted(), f.liveAccepted()));
      }
      md.append(String.format(" Asks: %,d users × 2 seen policies × 2 orders (as served, and `order=retrieval`:"
          + " the history blend's order of the same candidates), %d failed.", f.asks(), f.askFailures()));
      md.append(t.historyRanker() == null ? " No ranker was trained from the history.%n%n".formatted()
          : String.format(" Ranker from history: `%s`, %s: %s%n%n", t.historyRanker().path("version").asText(),
              t.historyRanker().path("status").asText(), t.historyRanker().path("reason").asText()));
      md.append(MethodTable.HEADER);
      for (SeenPolicy seen : SeenPolicy.values()) {
        for (MethodRow row : rows(p)) {
          if (row.seen() == seen) {
            md.append(MethodTable.row(row));
          }
        }
      }
      md.append('\n');
      for (SeenPolicy seen : SeenPolicy.values()) {
        md.append(goalLine(p, seen));
      }
      md.append('\n');
      for (SeenPolicy seen : SeenPolicy.values()) {
        md.append(slotsLine(p.replay().tallies().get(seen), seen));
      }
      md.append("\nBaseline parameters (tuned on validation):\n\n");
      for (MethodRow row : p.baselines()) {
        md.append(String.format("- %s, %s: %s%n", row.seen().label(), row.label(), row.method()));
      }
    }
    return md.toString();
  }

  /** One line per protocol and seen policy: the goal, met or not. */
  static String goalLine(ServedProtocol p, SeenPolicy seen) {
    Goal goal = goal(p, seen);
    // three decimals: 1.246× must not read as the 1.25× it falls short of
    return String.format("- %s, seen=%s: served HR@10 %.4f = **%.3f×** most-popular (%.4f; goal ≥ %.2f×) and "
            + "**%.3f×** the best baseline (%s, %.4f; goal ≥ %.2f×): **%s**%n", p.protocol(), seen.label(),
        goal.served().test().all().hitRate(), goal.overMostPopular(), goal.mostPopular().test().all().hitRate(),
        Goal.OVER_MOST_POPULAR, goal.overBestBaseline(), goal.bestBaseline().label(),
        goal.bestBaseline().test().all().hitRate(), Goal.OVER_BEST_BASELINE, goal.met() ? "met" : "NOT met");
  }

  private static String slotsLine(SourceTally tally, SeenPolicy seen) {
    String shares = tally.sourceShares().entrySet().stream()
        .map(e -> String.format("%s %.1f %%", e.getKey(), 100 * e.getValue())).collect(Collectors.joining(", "));
    Map<String, SortedSet<String>> versions = tally.versionsByKind();
    String models = tally.listsByKind().entrySet().stream()
        .map(e -> String.format("%s (%d lists, %s)", e.getKey(), e.getValue(), versionRange(versions.get(e.getKey()))))
        .collect(Collectors.joining(", "));
    return String.format("- served slots, seen=%s: %s; explored %.1f %%; %.1f items per list, %d empty lists; "
        + "served by %s%n", seen.label(), shares, 100 * tally.exploredShare(), tally.meanLength(), tally.emptyLists(),
        models);
  }

  private static String versionRange(SortedSet<String> versions) {
    return versions.size() == 1 ? "version " + versions.first()
        : versions.size() + " versions, " + versions.first() + " to " + versions.last();
  }

  private static List<MethodRow> rows(ServedProtocol p) {
    return Stream.concat(p.baselines().stream(), p.served().stream()).toList();
  }

  /** For the chart: each protocol's rows by seen policy. */
  static Map<SeenPolicy, List<MethodRow>> bySeen(ServedProtocol p) {
    return rows(p).stream().collect(Collectors.groupingBy(MethodRow::seen, () -> new EnumMap<>(SeenPolicy.class),
        Collectors.toList()));
  }
}
