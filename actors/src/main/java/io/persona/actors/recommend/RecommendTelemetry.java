package io.persona.actors.recommend;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Timer;

import java.util.Locale;

/**
 * How long a recommendation takes, whole and stage by stage. The stages run one after another, so
 * their times add up to about the total.
 */
public final class RecommendTelemetry {
  private static final String TOTAL = "persona.recommend.latency";
  private static final Timer SUCCEEDED = total("ok");
  private static final Timer FAILED = total("failed");
  private static final String CACHE = "persona.recommend.retrieval.cache";
  private static final Counter CACHE_HITS = cache("hit");
  private static final Counter CACHE_MISSES = cache("miss");

  /** The stages of one recommendation, in order. */
  public enum Stage {
    /** asking the user's entity (wherever it lives) for the live profile */
    PROFILE,
    /** waiting for a free thread of the recommend dispatcher */
    QUEUE,
    /** the user embedding (fold-in) and candidates from every source, merged */
    RETRIEVAL,
    /**
     * every source's score of every candidate, then catalog and signal lookups and the feature batch:
     * of every candidate where a ranker orders the list, of the slate's items only where the history
     * blend does
     */
    FEATURES,
    /** scoring the batch with the served model (DJL), calibration included (the same rows as FEATURES) */
    RANKING,
    /**
     * slate policy (diversity, exploration, business rules), prediction-log offer, impressions; where
     * the blend orders, its picking runs before FEATURES and is counted here
     */
    SLATE;

    private final Timer timer = Kamon.timer("persona.recommend.stage",
        "Time spent in each stage of a recommendation").withTag("stage", name().toLowerCase(Locale.ROOT));
  }

  private RecommendTelemetry() {}

  /**
   * Records the time since {@code startedNanos} for {@code stage}; returns now, where the next
   * stage starts.
   */
  public static long lap(Stage stage, long startedNanos) {
    long now = System.nanoTime();
    Quietly.run(() -> stage.timer.record(now - startedNanos));
    return now;
  }

  /** The whole request, from asking for the profile to the finished list. */
  public static void finished(long startedNanos, boolean succeeded) {
    long elapsed = System.nanoTime() - startedNanos;
    Quietly.run(() -> (succeeded ? SUCCEEDED : FAILED).record(elapsed));
  }

  /** A request's candidates came from the retrieval cache (hit) or were retrieved (miss). */
  public static void retrievalCache(boolean hit) {
    Quietly.run(() -> (hit ? CACHE_HITS : CACHE_MISSES).increment());
  }

  private static Counter cache(String outcome) {
    return Kamon.counter(CACHE, "Requests whose candidates were kept from the user's previous list (hit) or "
        + "retrieved (miss)").withTag("outcome", outcome);
  }

  private static Timer total(String outcome) {
    return Kamon.timer(TOTAL, "Time from a recommendation request to its list (profile, queue and every stage), "
        + "by outcome").withTag("outcome", outcome);
  }
}
