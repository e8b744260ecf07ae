package io.persona.tests.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.persona.simulations.node.ProjectRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's monitoring files in {@code cluster-config/monitoring}: the Prometheus alert rules
 * and the Grafana dashboard, their PromQL expressions, and the metrics those name.
 */
public final class MonitoringFiles {
  public static final String RULES = "persona-alerts.yml";
  public static final String RULE_TESTS = "persona-alerts.test.yml";
  public static final String DASHBOARD = "persona-dashboard.json";

  /** PromQL words that are neither functions (those are followed by "(") nor metrics. */
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");

  private MonitoringFiles() {}

  public static Path dir() {
    return ProjectRoot.get().resolve("cluster-config").resolve("monitoring");
  }

  public static JsonNode rules() {
    return read(new YAMLMapper(), RULES);
  }

  public static JsonNode dashboard() {
    return read(new ObjectMapper(), DASHBOARD);
  }

  private static JsonNode read(ObjectMapper mapper, String file) {
    try {
      return mapper.readTree(dir().resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + dir().resolve(file), e);
    }
  }

  /** Every alert rule's expression, and every dashboard panel's query. */
  public static List<String> expressions() {
    List<String> all = new ArrayList<>();
    rules().path("groups").forEach(group -> group.path("rules").forEach(rule -> all.add(rule.path("expr").asText())));
    panels(dashboard()).forEach(panel -> panel.path("targets").forEach(t -> all.add(t.path("expr").asText())));
    return all;
  }

  /** The dashboard's panels, those inside collapsed rows included. */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    });
    return panels;
  }

  /** The metrics every expression names. */
  public static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    expressions().forEach(expr -> names.addAll(metricNames(expr)));
    return names;
  }

  /**
   * The metric names in one PromQL expression: what is left once strings, label matchers, ranges,
   * grouping clauses, keywords and functions are taken out.
   */
  public static Set<String> metricNames(String expr) {
    String bare = GROUPING.matcher(RANGES.matcher(MATCHERS.matcher(STRING.matcher(expr).replaceAll("\"\""))
        .replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String word = m.group();
      int next = m.end();
      while (next < bare.length() && Character.isWhitespace(bare.charAt(next))) {
        next++;
      }
      boolean function = next < bare.length() && bare.charAt(next) == '(';
      if (!function && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
        names.add(word);
      }
    }
    return names;
  }

  /** The sample names in a Prometheus text scrape (histograms as their _bucket, _count and _sum). */
  public static Set<String> sampleNames(String scrape) {
    Set<String> names = new TreeSet<>();
    scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    });
    return names;
  }
}
