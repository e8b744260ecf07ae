package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Combines the two runs of simulations/bench-learning into one results file: both runs whole, and
 * the headline, the lift = CTR of the last minutes with learning on / the same with the popularity
 * baseline. The last minutes, not the whole run: both start from nothing, and what is compared is
 * where each has got to. Usage: {@code LearningSummary <learning.json> <popularity.json> <out.json> [chart.png]}.
 */
public final class LearningSummary {
  private LearningSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: LearningSummary <learning.json> <popularity.json> <out.json> [chart.png]");
      System.exit(2);
    }
    JsonNode learning = RunReport.MAPPER.readTree(new File(args[0]));
    JsonNode popularity = RunReport.MAPPER.readTree(new File(args[1]));
    ObjectNode summary = summary(learning, popularity, args.length > 3 ? args[3] : null);
    Path out = Path.of(args[2]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, RunReport.MAPPER.writeValueAsString(summary) + "\n");
    System.out.printf("CTR, last %d minutes: learning %s, popularity %s; lift %s; share of the oracle's CTR %s: learning %s,"
            + " popularity %s%n", RunReport.LAST_MINUTES,
        summary.path("ctrLast3Minutes").path("learning").asText(), summary.path("ctrLast3Minutes").path("popularity").asText(),
        summary.path("lift").asText(), summary.path("oracleCtr").asText(),
        summary.path("shareOfOracleLast3Minutes").path("learning").asText(),
        summary.path("shareOfOracleLast3Minutes").path("popularity").asText());
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  static ObjectNode summary(JsonNode learning, JsonNode popularity, String chart) {
    ObjectNode json = RunReport.MAPPER.createObjectNode();
    json.put("benchmark", "learning");
    json.put("measuredAt", Instant.now().toString());
    OptionalDouble lift = lift(learning, popularity);
    if (lift.isPresent()) {
      json.put("lift", Math.round(lift.getAsDouble() * 1000) / 1000.0);
    } else {
      json.putNull("lift");
    }
    json.put("liftMeasures", "CTR of the last " + RunReport.LAST_MINUTES
        + " simulated minutes with learning on / the same with the popularity baseline");
    // the oracle: each user's best list under the true click model, best first; a share of it says
    // how much of the learnable CTR was learned, which a lift over a weak baseline does not
    double oracle = learning.path("world").path("bestSlateCtr").asDouble(Double.NaN);
    json.put("oracleCtr", oracle);
    ObjectNode share = json.putObject("shareOfOracleLast3Minutes");
    share.put("learning", shareOf(learning.path("ctrLast3Minutes"), oracle));
    share.put("popularity", shareOf(popularity.path("ctrLast3Minutes"), oracle));
    ObjectNode last = json.putObject("ctrLast3Minutes");
    last.set("learning", learning.path("ctrLast3Minutes"));
    last.set("popularity", popularity.path("ctrLast3Minutes"));
    ObjectNode overall = json.putObject("ctr");
    overall.set("learning", learning.path("ctr"));
    overall.set("popularity", popularity.path("ctr"));
    json.set("freshness", learning.path("freshness"));
    json.set("examplesJoinedPerSecond", learning.path("learning").path("examplesJoinedPerSecond"));
    if (chart != null) {
      json.put("chart", chart);
    }
    json.set("machine", learning.path("machine"));
    ObjectNode runs = json.putObject("runs");
    runs.set("learning", learning);
    runs.set("popularity", popularity);
    return json;
  }

  /** CTR over the oracle's, rounded to 0.001; NaN when either is missing. */
  static double shareOf(JsonNode ctr, double oracle) {
    if (!ctr.isNumber() || !(oracle > 0)) {
      return Double.NaN;
    }
    return Math.round(ctr.asDouble() / oracle * 1000) / 1000.0;
  }

  /** Last-minutes CTR of the learning run over that of the baseline; empty when either is missing or zero. */
  static OptionalDouble lift(JsonNode learning, JsonNode popularity) {
    JsonNode numerator = learning.path("ctrLast3Minutes");
    JsonNode denominator = popularity.path("ctrLast3Minutes");
    if (!numerator.isNumber() || !denominator.isNumber() || denominator.asDouble() <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(numerator.asDouble() / denominator.asDouble());
  }
}
