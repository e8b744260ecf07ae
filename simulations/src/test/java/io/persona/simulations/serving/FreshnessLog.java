package io.persona.simulations.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link FreshnessSimulation} saw: every event's time to its push, and the events that got
 * none. Virtual users record concurrently; the figures are exact (every sample is kept).
 */
final class FreshnessLog {
  static final String MEASURES = "per event: from just before the event is sent to the next"
      + " \"recommendations\" push received on the user's WebSocket (Gatling's receive timestamp), 1 ms resolution";

  private final long wallAnchor = System.currentTimeMillis();
  private final long nanoAnchor = System.nanoTime();
  private final List<Long> latencies = new ArrayList<>();
  private final Map<String, Long> outcomes = new LinkedHashMap<>();
  private final RequestLog sends = new RequestLog();
  private long staleSkipped;
  private long emptyPushes;

  /** Wall-clock milliseconds that advance with System.nanoTime(), as Gatling's clock does. */
  long nowMillis() {
    return wallAnchor + (System.nanoTime() - nanoAnchor) / 1_000_000;
  }

  synchronized void record(String outcome, long sentAt, long pushedAt) {
    outcomes.merge(outcome, 1L, Long::sum);
    if (outcome.equals("push")) {
      latencies.add(Math.max(0, pushedAt - sentAt));
    }
  }

  /** The event's POST as Gatling timed it (http channel only). */
  void recordSend(boolean ok, long latencyMs, long startMillis, long endMillis) {
    sends.record(ok, latencyMs, startMillis, endMillis, null);
  }

  synchronized void staleSkipped() {
    staleSkipped++;
  }

  synchronized void emptyPush() {
    emptyPushes++;
  }

  synchronized Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("measures", MEASURES);
    figures.put("events", outcomes.values().stream().mapToLong(Long::longValue).sum());
    figures.put("pushes", outcomes.getOrDefault("push", 0L));
    figures.put("timeouts", outcomes.getOrDefault("timeout", 0L));
    figures.put("errorPushes", outcomes.getOrDefault("error", 0L));
    figures.put("failedSends", outcomes.getOrDefault("post-failed", 0L));
    figures.put("staleSkipped", staleSkipped);
    figures.put("emptyPushes", emptyPushes);
    figures.put("latencyMs", RequestLog.latency(latencies));
    Map<String, Object> posts = sends.figures();
    if (!posts.get("requests").equals(0L)) {
      figures.put("postEvent", posts);
    }
    return figures;
  }

  /** @param apart figures reported beside these (the warm-up's, a background load's), by name */
  void write(Path out, Map<String, Object> options, Map<String, Object> apart) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("options", options);
    json.putAll(figures());
    json.putAll(apart);
    RequestLog.writeJson(out, json);
  }

  String summary(String channel) {
    Map<String, Object> figures = figures();
    return "Freshness over " + channel + ": " + figures.get("pushes") + " of " + figures.get("events")
        + " events pushed, " + figures.get("timeouts") + " timeouts; latency ms " + figures.get("latencyMs");
  }
}
