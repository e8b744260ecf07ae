package io.persona.tests.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.persona.simulations.node.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules, checked by Prometheus's own promtool: they parse, each fires on the series its
 * unit tests (persona-alerts.test.yml) say should wake someone and stays quiet on healthy ones, and
 * every dashboard query parses. promtool comes from the build (tests/tools/fetch-promtool); without
 * it this test fails.
 */
class AlertRulesTest {
  @TempDir
  Path scratch;

  @Test
  void theRulesParse() throws Exception {
    Run check = promtool(MonitoringFiles.dir(), "check", "rules", MonitoringFiles.RULES);
    assertEquals(0, check.exit(), check.output());
  }

  @Test
  void eachAlertFiresWhenItShouldAndOnlyThen() throws Exception {
    Run test = promtool(MonitoringFiles.dir(), "test", "rules", MonitoringFiles.RULE_TESTS);
    assertEquals(0, test.exit(), test.output());
    assertTrue(test.output().contains("SUCCESS"), test.output());
  }

  @Test
  void theUnitTestsCatchAThresholdThatNoLongerFires() throws Exception {
    // the same tests against rules whose 503 threshold was raised tenfold must fail
    String rules = Files.readString(MonitoringFiles.dir().resolve(MonitoringFiles.RULES));
    String raised = rules.replace("+ sum(rate(persona_events_unconfirmed_total[5m])))\n            > 0.01",
        "+ sum(rate(persona_events_unconfirmed_total[5m])))\n            > 0.1");
    assertNotEquals(rules, raised, "the 503 rule's threshold is where this test expects it");
    Files.writeString(scratch.resolve(MonitoringFiles.RULES), raised);
    Files.copy(MonitoringFiles.dir().resolve(MonitoringFiles.RULE_TESTS), scratch.resolve(MonitoringFiles.RULE_TESTS));
    Run test = promtool(scratch, "test", "rules", MonitoringFiles.RULE_TESTS);
    assertNotEquals(0, test.exit(), test.output());
    assertTrue(test.output().contains("PersonaEventsUnconfirmed"), test.output());
  }

  @Test
  void everyDashboardQueryParses() throws Exception {
    // promtool checks PromQL inside rule files: each query becomes a recording rule, with
    // Grafana's variables replaced by what Grafana sends
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode file = yaml.createObjectNode();
    ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
    int n = 0;
    for (JsonNode panel : MonitoringFiles.panels(MonitoringFiles.dashboard())) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText()
            .replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$instance", ".*");
        rules.addObject().put("record", "dashboard:query" + (++n)).put("expr", expr);
      }
    }
    assertTrue(n > 0);
    Path file1 = scratch.resolve("dashboard-queries.yml");
    yaml.writeValue(file1.toFile(), file);
    Run check = promtool(scratch, "check", "rules", file1.getFileName().toString());
    assertEquals(0, check.exit(), check.output());
    assertTrue(check.output().contains(n + " rules found"), check.output());
  }

  private record Run(int exit, String output) {}

  private static Run promtool(Path dir, String... args) throws IOException, InterruptedException {
    Path promtool = ProjectRoot.get().resolve("tests").resolve("target").resolve("tools").resolve("promtool");
    if (!Files.isExecutable(promtool)) {
      fail("no promtool at " + promtool + ": the tests module's build puts it there (tests/tools/fetch-promtool, "
          + "from Prometheus on PATH or Debian's prometheus package); install Prometheus's promtool and build again");
    }
    List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("promtool did not finish in 60 s: " + output);
    }
    return new Run(process.exitValue(), output);
  }
}
