package io.persona.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficMeterTest {
  private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

  /** An exposition as the node's Kamon reporter writes it: a counter and a labelled histogram. */
  private static PrometheusText scrape(long events, long okFast, long okSlow, long failed, double unconfirmed) {
    return PrometheusText.parse("""
        # TYPE persona_events_ingested_total counter
        persona_events_ingested_total %d.0
        persona_events_unconfirmed_total{reason="overloaded"} %s
        persona_recommend_latency_seconds_bucket{outcome="ok",le="0.005"} %d.0
        persona_recommend_latency_seconds_bucket{outcome="ok",le="0.025"} %d.0
        persona_recommend_latency_seconds_bucket{outcome="ok",le="+Inf"} %d.0
        persona_recommend_latency_seconds_bucket{outcome="failed",le="+Inf"} %d.0
        persona_recommend_latency_seconds_count{outcome="ok"} %d.0
        persona_recommend_latency_seconds_count{outcome="failed"} %d.0
        """.formatted(events, unconfirmed, okFast, okFast + okSlow, okFast + okSlow, failed, okFast + okSlow, failed));
  }

  @Test
  void ratesAndLatencyQuantilesAreOverTheIntervalBetweenTwoReadings() {
    TrafficMeter meter = new TrafficMeter();
    Map<String, Object> first = meter.next(scrape(100, 10, 0, 0, 0), T);
    assertEquals(100L, first.get("eventsTotal"));
    assertFalse(first.containsKey("eventsPerSecond"), "a rate needs two readings");

    // 10 s later: 500 more events, 90 fast and 10 slow recommendations, 2 failed, 5 answered 503
    Map<String, Object> second = meter.next(scrape(600, 100, 10, 2, 5), T.plusSeconds(10));
    assertEquals(600L, second.get("eventsTotal"));
    assertEquals(50.0, (double) second.get("eventsPerSecond"), 1e-9);
    assertEquals(10.2, (double) second.get("recommendationsPerSecond"), 1e-9);
    assertEquals(0.5, (double) second.get("unavailablePerSecond"), 1e-9);
    assertEquals(5.0, (double) second.get("recommendP50Ms"), 1e-9, "90 of the 100 in the window were under 5 ms");
    assertEquals(25.0, (double) second.get("recommendP99Ms"), 1e-9);
  }

  @Test
  void whileTheMetricsDoNotMoveTheLastFiguresStand() {
    TrafficMeter meter = new TrafficMeter();
    meter.next(scrape(100, 10, 0, 0, 0), T);
    Map<String, Object> moved = meter.next(scrape(200, 20, 0, 0, 0), T.plusSeconds(10));
    assertSame(moved, meter.next(scrape(200, 20, 0, 0, 0), T.plusSeconds(11)));
  }

  @Test
  void afterAGapWithoutALookNoRateIsComputedOverTheGap() {
    TrafficMeter meter = new TrafficMeter();
    meter.next(scrape(100, 10, 0, 0, 0), T);
    Map<String, Object> later = meter.next(scrape(5_000, 10, 0, 0, 0), T.plus(TrafficMeter.STALE).plusSeconds(1));
    assertFalse(later.containsKey("eventsPerSecond"), later.toString());
    assertEquals(5_000L, later.get("eventsTotal"));
  }

  @Test
  void aLabelEndingInLeIsNoBucketBound() {
    PrometheusText text = PrometheusText.parse("""
        x_bucket{role="a",le="0.5"} 3.0
        x_bucket{role="a",le="+Inf"} 4.0
        x_bucket{le="not-a-number"} 9.0
        not a sample line
        """);
    assertEquals(Map.of(0.5, 3.0, Double.POSITIVE_INFINITY, 4.0), text.buckets("x", ""));
  }

  @Test
  void withoutRequestsThereIsNoQuantile_andAnEmptyScrapeCountsNothing() {
    TrafficMeter meter = new TrafficMeter();
    meter.next(scrape(1, 5, 0, 0, 0), T);
    Map<String, Object> idle = meter.next(scrape(2, 5, 0, 0, 0), T.plusSeconds(10));
    assertNull(idle.get("recommendP50Ms"));
    assertEquals(0L, new TrafficMeter().next(PrometheusText.EMPTY, T).get("eventsTotal"));
  }

  /** Stage histograms, the API's answers by status and a Kafka consumer, as a node with all of them reports. */
  private static PrometheusText wider(long retrievalFast, long retrievalSlow, long refused429, long consumed, long lag) {
    return PrometheusText.parse("""
        persona_recommend_stage_seconds_bucket{stage="retrieval",le="0.002"} %d.0
        persona_recommend_stage_seconds_bucket{stage="retrieval",le="0.05"} %d.0
        persona_recommend_stage_seconds_bucket{stage="retrieval",le="+Inf"} %d.0
        persona_recommend_stage_seconds_bucket{stage="ranking",le="0.002"} 0.0
        persona_recommend_stage_seconds_bucket{stage="ranking",le="+Inf"} 0.0
        persona_http_responses_total{status="2xx"} 1000.0
        persona_http_responses_total{status="429"} %d.0
        persona_http_responses_total{status="503"} 0.0
        persona_kafka_records_consumed_total %d.0
        persona_kafka_records_dead_lettered_total{reason="invalid"} 0.0
        persona_kafka_consumer_lag %d.0
        persona_live_push_latency_seconds_bucket{le="0.01"} %d.0
        persona_live_push_latency_seconds_bucket{le="0.1"} %d.0
        persona_live_push_latency_seconds_bucket{le="+Inf"} %d.0
        """.formatted(retrievalFast, retrievalFast + retrievalSlow, retrievalFast + retrievalSlow, refused429,
        consumed, lag, retrievalFast, retrievalFast + retrievalSlow, retrievalFast + retrievalSlow));
  }

  @Test
  void eachStageHasItsQuantilesAndRefusalsAndKafkaTheirRates() {
    TrafficMeter meter = new TrafficMeter();
    meter.next(wider(0, 0, 0, 0, 40), T);
    @SuppressWarnings("unchecked")
    Map<String, Object> second = meter.next(wider(50, 50, 20, 3_000, 7), T.plusSeconds(10));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) second.get("stages");
    assertEquals(TrafficMeter.STAGES, java.util.List.copyOf(stages.keySet()), "every stage, in order");
    assertEquals(2.0, (double) stages.get("retrieval").get("p50Ms"), 1e-9);
    assertEquals(50.0, (double) stages.get("retrieval").get("p99Ms"), 1e-9);
    assertNull(stages.get("ranking").get("p50Ms"), "no ranking in the interval: no quantile");
    assertEquals(2.0, (double) second.get("http429PerSecond"), 1e-9);
    assertEquals(0.0, (double) second.get("http503PerSecond"), 1e-9);
    assertEquals(300.0, (double) second.get("kafkaConsumedPerSecond"), 1e-9);
    assertEquals(7L, second.get("kafkaLag"));
    assertEquals(10.0, (double) second.get("pushP50Ms"), 1e-9);
    assertEquals(100.0, (double) second.get("pushP99Ms"), 1e-9);
  }

  @Test
  void withoutKafkaThereAreNoKafkaFigures() {
    TrafficMeter meter = new TrafficMeter();
    meter.next(scrape(100, 10, 0, 0, 0), T);
    Map<String, Object> second = meter.next(scrape(200, 20, 0, 0, 0), T.plusSeconds(10));
    assertFalse(second.containsKey("kafkaLag"));
    assertFalse(second.containsKey("kafkaConsumedPerSecond"));
  }
}
