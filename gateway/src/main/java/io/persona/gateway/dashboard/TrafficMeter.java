package io.persona.gateway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * This node's traffic between two readings of its metrics: events and recommendations per second,
 * the recommend latency's median and 99th percentile over that interval, whole and per stage (from
 * the histograms' bucket counts, so a bucket's upper bound), the live sockets' push latency, failed
 * recommendations, the API's 429s
 * and 503s, events answered 503, prediction-log drops, and with Kafka ingestion on its lag and
 * records per second. The metrics move once per metrics tick (10 s in production), so the rates
 * are over the last tick.
 */
final class TrafficMeter {
  static final String EVENTS = "persona_events_ingested_total";
  static final String UNCONFIRMED = "persona_events_unconfirmed_total";
  static final String RECOMMEND = "persona_recommend_latency_seconds";
  static final String DROPPED = "persona_prediction_log_dropped_total";
  static final String RESPONSES = "persona_http_responses_total";
  static final String STAGE = "persona_recommend_stage_seconds";
  static final String PUSH = "persona_live_push_latency_seconds";
  /** The recommend stages, in the order they run (RecommendTelemetry.Stage). */
  static final List<String> STAGES = List.of("profile", "queue", "retrieval", "features", "ranking", "slate");
  static final String KAFKA_CONSUMED = "persona_kafka_records_consumed_total";
  static final String KAFKA_DEAD = "persona_kafka_records_dead_lettered_total";
  static final String KAFKA_LAG = "persona_kafka_consumer_lag";

  /** After a gap this long without a look, the last reading is no base for a rate. */
  static final Duration STALE = Duration.ofSeconds(30);

  private PrometheusText previous;
  private Instant previousAt;
  private Instant lastCall;
  private Map<String, Object> last = Map.of();

  /** The traffic measured up to {@code text}, read at {@code at}; the last figures while the metrics did not move. */
  synchronized Map<String, Object> next(PrometheusText text, Instant at) {
    if (lastCall != null && Duration.between(lastCall, at).compareTo(STALE) > 0) {
      previous = null; // no one looked for a while: rates over that gap would mean nothing
    }
    lastCall = at;
    if (previous != null && text.equals(previous)) {
      return last;
    }
    Map<String, Object> traffic = new LinkedHashMap<>();
    traffic.put("eventsTotal", (long) text.sum(EVENTS));
    traffic.put("recommendationsTotal", (long) text.sum(RECOMMEND + "_count"));
    if (previous != null) {
      double seconds = Math.max(0.001, Duration.between(previousAt, at).toMillis() / 1000.0);
      traffic.put("eventsPerSecond", rate(text, EVENTS, seconds));
      traffic.put("recommendationsPerSecond", rate(text, RECOMMEND + "_count", seconds));
      traffic.put("unavailablePerSecond", rate(text, UNCONFIRMED, seconds));
      traffic.put("predictionLogDropsPerSecond", rate(text, DROPPED, seconds));
      TreeMap<Double, Double> window = difference(text.buckets(RECOMMEND, "outcome=\"ok\""),
          previous.buckets(RECOMMEND, "outcome=\"ok\""));
      traffic.put("recommendP50Ms", quantileMillis(window, 0.5));
      traffic.put("recommendP99Ms", quantileMillis(window, 0.99));
      TreeMap<Double, Double> pushes = difference(text.buckets(PUSH, ""), previous.buckets(PUSH, ""));
      traffic.put("pushP50Ms", quantileMillis(pushes, 0.5));
      traffic.put("pushP99Ms", quantileMillis(pushes, 0.99));
      traffic.put("recommendFailedPerSecond", rate(text, RECOMMEND + "_count", "outcome=\"failed\"", seconds));
      traffic.put("http429PerSecond", rate(text, RESPONSES, "status=\"429\"", seconds));
      traffic.put("http503PerSecond", rate(text, RESPONSES, "status=\"503\"", seconds));
      Map<String, Object> stages = new LinkedHashMap<>();
      for (String stage : STAGES) {
        String label = "stage=\"" + stage + "\"";
        TreeMap<Double, Double> stageWindow = difference(text.buckets(STAGE, label), previous.buckets(STAGE, label));
        Map<String, Object> quantiles = new LinkedHashMap<>();
        quantiles.put("p50Ms", quantileMillis(stageWindow, 0.5));
        quantiles.put("p99Ms", quantileMillis(stageWindow, 0.99));
        stages.put(stage, quantiles);
      }
      traffic.put("stages", stages);
      if (text.has(KAFKA_CONSUMED)) {
        traffic.put("kafkaConsumedPerSecond", rate(text, KAFKA_CONSUMED, seconds));
        traffic.put("kafkaDeadLetteredPerSecond", rate(text, KAFKA_DEAD, seconds));
      }
    }
    if (text.has(KAFKA_LAG)) {
      traffic.put("kafkaLag", (long) text.sum(KAFKA_LAG));
    }
    previous = text;
    previousAt = at;
    last = traffic;
    return traffic;
  }

  private double rate(PrometheusText now, String name, double seconds) {
    return Math.max(0, now.sum(name) - previous.sum(name)) / seconds;
  }

  private double rate(PrometheusText now, String name, String label, double seconds) {
    return Math.max(0, now.sum(name, label) - previous.sum(name, label)) / seconds;
  }

  private static TreeMap<Double, Double> difference(TreeMap<Double, Double> now, TreeMap<Double, Double> before) {
    TreeMap<Double, Double> window = new TreeMap<>();
    now.forEach((bound, count) -> window.put(bound, Math.max(0, count - before.getOrDefault(bound, 0.0))));
    return window;
  }

  /** The upper bound (ms) of the bucket where the cumulative count reaches {@code q}; null without requests. */
  static Double quantileMillis(NavigableMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
      return null;
    }
    double wanted = q * cumulative.lastEntry().getValue();
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= wanted) {
        return Double.isInfinite(bucket.getKey()) ? null : bucket.getKey() * 1000;
      }
    }
    return null;
  }
}
