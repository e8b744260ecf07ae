package io.persona.simulations.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningSummaryTest {

  @Test
  void liftIsTheLastMinutesCtrOfLearningOverPopularity() {
    ObjectNode summary = LearningSummary.summary(run("learning", 0.09), run("popularity", 0.03), "learning-ctr.png");
    assertEquals(3.0, summary.path("lift").asDouble(), 1e-9);
    assertEquals(0.09, summary.path("ctrLast3Minutes").path("learning").asDouble());
    assertEquals(0.03, summary.path("ctrLast3Minutes").path("popularity").asDouble());
    assertEquals("learning", summary.path("runs").path("learning").path("label").asText());
    assertEquals("popularity", summary.path("runs").path("popularity").path("label").asText());
    assertEquals("learning-ctr.png", summary.path("chart").asText());
  }

  @Test
  void ctrIsReportedAsAShareOfTheOraclesToo() {
    ObjectNode summary = LearningSummary.summary(run("learning", 0.09), run("popularity", 0.03), null);
    assertEquals(0.3, summary.path("oracleCtr").asDouble(), 1e-9);
    assertEquals(0.3, summary.path("shareOfOracleLast3Minutes").path("learning").asDouble(), 1e-9);
    assertEquals(0.1, summary.path("shareOfOracleLast3Minutes").path("popularity").asDouble(), 1e-9);
  }

  @Test
  void noLiftWithoutABaseline() {
    assertTrue(LearningSummary.summary(run("learning", 0.09), run("popularity", 0.0), null).path("lift").isNull());
    assertTrue(LearningSummary.lift(run("learning", 0.09), RunReport.MAPPER.createObjectNode()).isEmpty());
  }

  @Test
  void theRunReportsLastMinutesAreTheLastThreeMinutesPooled() {
    List<MinuteRow> rows = new ArrayList<>();
    long[][] shownAndClicked = {{1000, 20}, {1000, 30}, {1000, 40}, {2000, 100}, {1000, 80}};
    for (int m = 0; m < shownAndClicked.length; m++) {
      rows.add(new MinuteRow(m + 1, 100, shownAndClicked[m][0], shownAndClicked[m][1], 0, 0, Map.of("dcn-v2", 100L),
          List.of("v-1"), ListMix.EMPTY));
    }
    SimulationOptions options = SimulationOptions.parse("--minutes", "5", "--label", "learning");
    JsonNode json = RunReport.json(options, 0.025, 0.3, Double.NaN, Double.NaN, 2000, rows,
        new Freshness(false, 270, 0, null, "n/a: GET /v1/models answered 404"), List.of(), "now");
    assertEquals((40 + 100 + 80) / 4000.0, json.path("ctrLast3Minutes").asDouble(), 1e-5);
    assertEquals(270 / 6000.0, json.path("ctr").asDouble(), 1e-5);
    assertEquals("n/a", json.path("freshness").path("p50Seconds").asText());
    assertEquals(5, json.path("minutes").size());
    assertEquals(0.02, json.path("minutes").get(0).path("ctr").asDouble(), 1e-9);
    assertEquals(100, json.path("minutes").get(0).path("modelKinds").path("dcn-v2").asLong());
  }

  @Test
  void whatTheListsHeldIsPooledOverMinutesAndReadAgainstTheBestLists() {
    MinuteRow first = new MinuteRow(1, 10, 100, 4, 0, 0, Map.of("dcn-v2", 10L), List.of("v-1"),
        new ListMix(30, 50, 10, 5.0, 20.0, Map.of("ann", 60L, "popular", 40L), Map.of("ann", 3L, "popular", 1L)));
    MinuteRow second = new MinuteRow(2, 10, 100, 6, 0, 0, Map.of("dcn-v2", 10L), List.of("v-1"),
        new ListMix(50, 40, 30, 7.0, 20.0, Map.of("ann", 100L), Map.of("ann", 6L)));
    JsonNode lists = RunReport.lists(List.of(first, second));
    assertEquals(0.4, lists.path("preferredShare").asDouble(), 1e-9);
    assertEquals(40 / 90.0, lists.path("cheapShareForMobile").asDouble(), 1e-5);
    assertEquals(0.06, lists.path("expectedCtr").asDouble(), 1e-9);
    assertEquals(0.3, lists.path("shareOfBest").asDouble(), 1e-9);
    assertEquals(160, lists.path("sources").path("ann").path("slots").asLong());
    assertEquals(9, lists.path("sources").path("ann").path("clicks").asLong());
    assertEquals(0.025, lists.path("sources").path("popular").path("ctr").asDouble(), 1e-9);
    assertEquals(0.3, first.preferredShare(), 1e-9);
    assertEquals(0.25, first.shareOfBest(), 1e-9);
  }

  private static JsonNode run(String label, double lastCtr) {
    ObjectNode json = RunReport.MAPPER.createObjectNode();
    json.put("label", label);
    json.put("ctr", lastCtr / 2);
    json.put("ctrLast3Minutes", lastCtr);
    json.putObject("world").put("bestSlateCtr", 0.3);
    return json;
  }
}
