package io.persona.simulations.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How the quality benchmarks write an evaluation into their JSON results, one shape for both. */
public final class ResultJson {
  public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  public static void putEvaluation(ObjectNode node, Evaluation e) {
    putSummary(node.putObject("all"), e.all());
    putSummary(node.putObject("light"), e.light());
    putSummary(node.putObject("heavy"), e.heavy());
    node.put("coverage", round(e.coverage()));
    node.put("unscored", e.unscored());
  }

  public static void putSummary(ObjectNode node, MetricSummary s) {
    node.put("users", s.users());
    putNumber(node, "hitRate", s.hitRate());
    putNumber(node, "hitRateMargin95", s.hitRateMargin());
    putNumber(node, "ndcg", s.ndcg());
    putNumber(node, "mrr", s.mrr());
  }

  /** NaN (nothing to measure) as null: JSON has no NaN. */
  public static void putNumber(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, round(value));
    }
  }

  /** Four decimals: more than the 95 % intervals can tell apart. */
  public static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }
}
