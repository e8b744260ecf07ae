package io.persona.gateway.dashboard;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus exposition (the node's own {@code /metrics} text), read the way the
 * dashboard needs them: a family summed over its label sets, and a histogram's cumulative buckets.
 */
record PrometheusText(Map<String, Double> samples) {
  static final PrometheusText EMPTY = new PrometheusText(Map.of());
  /** The {@code le} label itself (not a label whose name merely ends in "le", such as "role"). */
  private static final Pattern BOUND = Pattern.compile("[{,]le=\"([^\"]*)\"");

  /** Each sample line {@code name{labels} value} (comments and malformed lines skipped). */
  static PrometheusText parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
      } catch (NumberFormatException e) {
        // not a sample: skipped
      }
    }
    return new PrometheusText(Map.copyOf(samples));
  }

  /** The sum of every sample named {@code name}, whatever its labels (0 when there is none). */
  double sum(String name) {
    double sum = 0;
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      if (nameOf(sample.getKey()).equals(name)) {
        sum += sample.getValue();
      }
    }
    return sum;
  }

  /** The sum of the samples named {@code name} whose labels contain {@code label} (e.g. {@code status="429"}). */
  double sum(String name, String label) {
    double sum = 0;
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      if (nameOf(sample.getKey()).equals(name) && sample.getKey().contains(label)) {
        sum += sample.getValue();
      }
    }
    return sum;
  }

  /** Whether any sample is named {@code name}. */
  boolean has(String name) {
    return samples.keySet().stream().anyMatch(key -> nameOf(key).equals(name));
  }

  /**
   * The cumulative counts of histogram {@code family} by upper bound, over the label sets that
   * contain {@code label} (e.g. {@code outcome="ok"}; empty for all).
   */
  TreeMap<Double, Double> buckets(String family, String label) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    String name = family + "_bucket";
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      String key = sample.getKey();
      if (!nameOf(key).equals(name) || !key.contains(label)) {
        continue;
      }
      Matcher le = BOUND.matcher(key);
      if (!le.find()) {
        continue;
      }
      try {
        double upper = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        buckets.merge(upper, sample.getValue(), Double::sum);
      } catch (NumberFormatException e) {
        // not a bucket bound: skipped
      }
    }
    return buckets;
  }

  private static String nameOf(String key) {
    int brace = key.indexOf('{');
    return brace < 0 ? key : key.substring(0, brace);
  }
}
