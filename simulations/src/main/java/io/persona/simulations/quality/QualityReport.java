package io.persona.simulations.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's results as JSON and as a Markdown table per protocol, with the goal of issue 13
 * checked per protocol and seen policy: the candidate Persona would serve (the one with the best
 * validation HR, so the choice never looks at the test) against most-popular and the best baseline.
 */
final class QualityReport {
  static final ObjectMapper MAPPER = ResultJson.MAPPER;

  private final QualityOptions options;
  private final EventFile file;
  private final Interactions data;
  private final List<ProtocolRun> runs;
  private final String startedAt;
  private final double seconds;

  QualityReport(QualityOptions options, EventFile file, Interactions data, List<ProtocolRun> runs, String startedAt,
                double seconds) {
    this.options = options;
    this.file = file;
    this.data = data;
    this.runs = runs;
    this.startedAt = startedAt;
    this.seconds = seconds;
  }

  /** The goal with the candidate of the best validation HR as served (the choice never looks at the test). */
  static Goal goal(List<MethodRow> rows, SeenPolicy seen) {
    MethodRow served = rows.stream().filter(r -> r.seen() == seen && r.role().equals(MethodRow.CANDIDATE))
        .max(Comparator.comparingDouble(MethodRow::validationHitRate)).orElseThrow();
    return Goal.of(rows, seen, served);
  }

  ObjectNode json() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("benchmark", "quality-offline");
    json.put("startedAt", startedAt);
    json.put("seconds", Math.round(seconds));
    ObjectNode dataset = json.putObject("dataset");
    dataset.put("file", options.data().toString());
    dataset.put("format", options.format());
    dataset.put("events", data.all().events());
    dataset.put("users", data.all().users());
    dataset.put("items", data.all().catalogSize());
    dataset.put("skippedRows", file.skippedRows());
    json.put("k", Evaluator.K);
    json.put("lightUserMaxTrainingEvents", Evaluator.LIGHT_USER_EVENTS);
    json.put("testUsersCap", options.testUsers());
    json.put("validationUsersCap", options.validationUsers());
    json.put("temporalQuantile", options.quantile());
    json.put("note", "Full-catalog ranking, no sampled negatives. Every method is tuned on a validation split cut "
        + "from the training part by the same protocol (separately per seen policy), then trained on the whole "
        + "training part and scored once on the test. seen=exclude drops seen items from lists and from the "
        + "relevant items (users whose held-out items were all repeats are not scored: 'unscored'). 'served' is "
        + "the candidate with the best validation HR.");
    ArrayNode protocols = json.putArray("protocols");
    for (ProtocolRun run : runs) {
      ObjectNode p = protocols.addObject();
      p.put("protocol", run.test().protocol());
      p.put("trainingEvents", run.test().train().events());
      p.put("testUsers", run.test().cases().size());
      p.put("validationTrainingEvents", run.validationSplit().train().events());
      p.put("validationUsers", run.validationSplit().cases().size());
      ArrayNode methods = p.putArray("methods");
      for (MethodRow row : run.rows()) {
        ObjectNode m = methods.addObject();
        m.put("seen", row.seen().label());
        m.put("role", row.role());
        m.put("label", row.label());
        m.put("method", row.method());
        ResultJson.putNumber(m, "validationHitRate", row.validationHitRate());
        ResultJson.putEvaluation(m.putObject("test"), row.test());
        m.put("seconds", ResultJson.round(row.seconds()));
      }
      ObjectNode goals = p.putObject("goal");
      for (SeenPolicy seen : SeenPolicy.values()) {
        Goal goal = goal(run.rows(), seen);
        ObjectNode g = goals.putObject(seen.label());
        g.put("mostPopularHitRate", ResultJson.round(goal.mostPopular().test().all().hitRate()));
        g.put("bestBaseline", goal.bestBaseline().label());
        g.put("bestBaselineHitRate", ResultJson.round(goal.bestBaseline().test().all().hitRate()));
        g.put("served", goal.served().label());
        g.put("servedMethod", goal.served().method());
        g.put("servedHitRate", ResultJson.round(goal.served().test().all().hitRate()));
        g.put("overMostPopular", ResultJson.round(goal.overMostPopular()));
        g.put("overBestBaseline", ResultJson.round(goal.overBestBaseline()));
        g.put("met", goal.met());
      }
      ArrayNode tuning = p.putArray("tuning");
      for (ProtocolRun.TuningTrace trace : run.traces()) {
        ObjectNode t = tuning.addObject();
        t.put("seen", trace.seen().label());
        t.put("method", trace.label());
        ArrayNode trials = t.putArray("trials");
        for (Tuner.Trial trial : trace.trials()) {
          trials.addObject().put("method", trial.method()).put("validationHitRate", ResultJson.round(trial.hitRate()));
        }
      }
    }
    return json;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(String.format("Offline quality on %s: %d events, %d users, %d items; K = %d, full catalog. "
            + "Light users: ≤ %d training events. ± 95 %%: half-width of the hit rate's 95 %% interval.%n", options.data().getFileName(), data.all().events(),
        data.all().users(), data.all().catalogSize(), Evaluator.K, Evaluator.LIGHT_USER_EVENTS));
    for (ProtocolRun run : runs) {
      md.append(String.format("%n### %s: %d training events, %d test users%n%n", run.test().protocol(),
          run.test().train().events(), run.test().cases().size()));
      md.append(MethodTable.HEADER);
      Map<String, String> parameters = new LinkedHashMap<>();
      for (SeenPolicy seen : SeenPolicy.values()) {
        for (MethodRow row : run.rows()) {
          if (row.seen() != seen) {
            continue;
          }
          md.append(MethodTable.row(row));
          parameters.put(seen.label() + ", " + row.label(), row.method());
        }
      }
      md.append('\n');
      for (SeenPolicy seen : SeenPolicy.values()) {
        Goal goal = goal(run.rows(), seen);
        md.append(String.format("- seen=%s: served (best on validation) **%s** HR@10 %.4f = **%.2f×** most-popular "
                + "(%.4f), **%.2f×** the best baseline (%s, %.4f): goal %s%n", seen.label(), goal.served().label(),
            goal.served().test().all().hitRate(), goal.overMostPopular(), goal.mostPopular().test().all().hitRate(),
            goal.overBestBaseline(), goal.bestBaseline().label(), goal.bestBaseline().test().all().hitRate(),
            goal.met() ? "met" : "not met"));
      }
      md.append("\nParameters (tuned on validation):\n\n");
      parameters.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    }
    return md.toString();
  }
}
