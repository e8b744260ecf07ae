package io.persona.tests.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of the operator's monitoring files, without a node: every alert says how bad it is and
 * what to do, every dashboard panel asks the dashboard's Prometheus, and the metric names read
 * from their PromQL are the ones a reader would name (the scrape tests rely on that).
 */
class MonitoringFilesTest {

  @Test
  void everyAlertHasASeverityAWaitASummaryAndADescription() {
    Set<String> names = new HashSet<>();
    int rules = 0;
    for (JsonNode group : MonitoringFiles.rules().path("groups")) {
      assertFalse(group.path("name").asText().isBlank(), group.toString());
      for (JsonNode rule : group.path("rules")) {
        rules++;
        String alert = rule.path("alert").asText();
        assertTrue(alert.startsWith("Persona"), "alert names start with Persona: " + rule);
        assertTrue(names.add(alert), "two alerts named " + alert);
        assertTrue(Set.of("page", "warning").contains(rule.path("labels").path("severity").asText()),
            alert + ": severity page or warning");
        assertTrue(rule.path("for").asText().matches("\\d+[smh]"), alert + ": a wait before it fires");
        assertFalse(rule.path("annotations").path("summary").asText().isBlank(), alert + ": a summary");
        assertFalse(rule.path("annotations").path("description").asText().isBlank(), alert + ": a description");
        assertFalse(MonitoringFiles.metricNames(rule.path("expr").asText()).isEmpty(), alert + ": reads a metric");
      }
    }
    assertTrue(rules >= 10, "rules: " + rules);
  }

  @Test
  void everyPanelAsksTheDashboardsPrometheusAndFitsTheGrid() {
    JsonNode dashboard = MonitoringFiles.dashboard();
    assertEquals("persona-overview", dashboard.path("uid").asText());
    JsonNode datasource = dashboard.path("templating").path("list").get(0);
    assertEquals("datasource", datasource.path("type").asText());
    assertEquals("prometheus", datasource.path("query").asText());
    Set<Integer> ids = new HashSet<>();
    int queries = 0;
    for (JsonNode panel : MonitoringFiles.panels(dashboard)) {
      String title = panel.path("title").asText();
      assertFalse(title.isBlank(), panel.toString());
      assertTrue(ids.add(panel.path("id").asInt()), "two panels with id " + panel.path("id"));
      JsonNode grid = panel.path("gridPos");
      assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24, title + ": wider than the grid");
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title);
      assertFalse(panel.path("targets").isEmpty(), title + ": no query");
      for (JsonNode target : panel.path("targets")) {
        queries++;
        assertEquals("${datasource}", target.path("datasource").path("uid").asText(), title);
        assertFalse(MonitoringFiles.metricNames(target.path("expr").asText()).isEmpty(), title + ": " + target);
      }
    }
    assertTrue(queries >= 20, "queries: " + queries);
  }

  @Test
  void metricNamesAreWhatIsLeftOfAnExpressionOnceFunctionsLabelsAndRangesAreOut() {
    assertEquals(Set.of("persona_recommend_stage_seconds_bucket"), MonitoringFiles.metricNames(
        "histogram_quantile(0.99, sum by (le, stage) (rate(persona_recommend_stage_seconds_bucket"
            + "{instance=~\"$instance\", stage=\"queue\"}[$__rate_interval])))"));
    assertEquals(Set.of("persona_learning_observed_ctr", "persona_learning_predicted_ctr",
        "persona_learning_monitored_rows"), MonitoringFiles.metricNames(
        "abs(max(persona_learning_observed_ctr) / max(persona_learning_predicted_ctr) - 1) > 0.5\n"
            + "  and max(persona_learning_monitored_rows) >= 2e2"));
    assertEquals(Set.of("a_total", "b_total"),
        MonitoringFiles.metricNames("time() - a_total offset 5m unless on (instance) b_total"));
    List<String> all = MonitoringFiles.expressions();
    assertTrue(MonitoringFiles.metricNames().contains("persona_cluster_unreachable_members"), all.toString());
  }
}
