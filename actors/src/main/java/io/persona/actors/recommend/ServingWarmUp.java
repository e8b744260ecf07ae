package io.persona.actors.recommend;

import com.typesafe.config.Config;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.features.RequestContext;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.retrieval.ScoredItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Runs the whole recommendation path (fold-in, every retrieval source, features, the served ranker,
 * the slate) on synthetic users before the node reports ready, so that the first real requests
 * meet JIT-compiled code and a ranker that has scored before (issue 16, item 3: "JIT warm-up before
 * readiness"). The users are made of the catalog's most popular items (the history model's, else
 * the newest), each list a preview: never logged, no impressions counted. No user entity is asked:
 * each ask would leave a live entity for the passivation timeout wherever its shard lives (a first
 * version that asked made a joining node's entity count meaningless for two minutes). The
 * recommendation stage timers count these lists.
 */
public final class ServingWarmUp {
  private static final Logger log = LoggerFactory.getLogger(ServingWarmUp.class);
  private static final String[] DEVICES = {"mobile", "web", "tablet"};
  /** The items the synthetic users are made of. */
  private static final int ITEMS = 64;
  private static final int EVENTS_PER_USER = 5;

  /**
   * @param lists       synthetic lists to compute; 0 turns the warm-up off
   * @param maxDuration the warm-up ends after this even with lists left (a node is never held back
   *                    longer), waiting for the ranker included
   */
  public record Settings(int lists, Duration maxDuration) {
    public Settings {
      if (lists < 0) {
        throw new IllegalArgumentException("warm-up.lists must not be negative");
      }
      if (maxDuration == null || maxDuration.isNegative()) {
        throw new IllegalArgumentException("warm-up.max-duration must not be negative");
      }
    }

    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("persona.recommend.warm-up");
      return new Settings(c.getInt("lists"), c.getDuration("max-duration"));
    }
  }

  /**
   * What the warm-up did.
   *
   * @param lists       lists computed
   * @param millis      how long it took, waiting for the ranker included
   * @param firstMillis the first list's time (cold code), -1 when none was computed
   * @param lastMillis  the last list's time, -1 when none was computed
   * @param reason      why it ended: "done", "no items", "off", "time" (max-duration reached) or "interrupted"
   */
  public record Report(int lists, long millis, double firstMillis, double lastMillis, String reason) {}

  private ServingWarmUp() {}

  /**
   * Starts the warm-up on {@code executor} (the recommend dispatcher: the threads whose code it
   * warms). {@code rankerSettled} says whether the ranker the node will serve is installed (the
   * registry's champion loads asynchronously): the warm-up waits for it, and for the node's first
   * look for a history model, up to half its time. {@code stopping} ends it before the next list
   * (the node is stopping: its models may be closed under it).
   */
  public static CompletableFuture<Report> start(Recommender recommender, CatalogReplica catalog,
                                                HistoryModelHolder history, ProfileSettings profileSettings,
                                                Settings settings, BooleanSupplier rankerSettled,
                                                BooleanSupplier stopping, Executor executor) {
    if (settings.lists() == 0 || settings.maxDuration().isZero()) {
      return CompletableFuture.completedFuture(new Report(0, 0, -1, -1, "off"));
    }
    long started = System.nanoTime(); // the bound counts from here, time queued for a thread included
    return CompletableFuture.supplyAsync(() -> run(recommender, catalog, history, profileSettings, settings,
        rankerSettled, stopping, started), executor);
  }

  private static Report run(Recommender recommender, CatalogReplica catalog, HistoryModelHolder history,
                            ProfileSettings profileSettings, Settings settings, BooleanSupplier rankerSettled,
                            BooleanSupplier stopping, long started) {
    long deadline = started + settings.maxDuration().toNanos();
    long settleDeadline = started + settings.maxDuration().toNanos() / 2;
    // the lists should meet the history sources too: the node's poll looks for the model at start
    while (!(history.looked() && rankerSettled.getAsBoolean()) && System.nanoTime() < settleDeadline) {
      if (stopping.getAsBoolean() || !slept(100)) {
        return new Report(0, millisSince(started), -1, -1, "interrupted");
      }
    }
    List<ScoredItem> popular = history.current().isEmpty() ? List.of()
        : history.current().popular(ITEMS, catalog::recommendable);
    List<ScoredItem> items = popular.isEmpty() ? catalog.fresh().newest(ITEMS, catalog::recommendable) : popular;
    if (items.isEmpty()) {
      return new Report(0, millisSince(started), -1, -1, "no items");
    }
    double first = -1;
    double last = -1;
    int computed = 0;
    Instant now = Instant.now();
    while (computed < settings.lists()) {
      if (System.nanoTime() >= deadline) {
        return new Report(computed, millisSince(started), first, last, "time");
      }
      if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        return new Report(computed, millisSince(started), first, last, "interrupted");
      }
      long listStarted = System.nanoTime();
      RecommendationRequest request = request(computed, now);
      recommender.compute(profile(computed, items, catalog, profileSettings, now), request);
      last = (System.nanoTime() - listStarted) / 1e6;
      first = computed == 0 ? last : first;
      computed++;
    }
    return new Report(computed, millisSince(started), first, last, "done");
  }

  /** What GET /health/ready shows once the warm-up ended. */
  public static String summary(Report report, Throwable failure) {
    if (failure != null) {
      return "failed";
    }
    return report.lists() == 0 ? report.reason()
        : report.lists() + " lists in " + report.millis() + " ms (" + report.reason() + ")";
  }

  /** A user of a few of the items, each user's own (a list of its own, not a cached one). */
  static UserProfile profile(int index, List<ScoredItem> items, CatalogReplica catalog, ProfileSettings settings,
                             Instant now) {
    String userId = "persona-warm-up-" + index;
    UserProfile profile = UserProfile.empty(userId);
    for (int event = 0; event < EVENTS_PER_USER; event++) {
      String itemId = items.get((index * 7 + event * 13) % items.size()).itemId();
      Item item = catalog.item(itemId);
      String type = event == EVENTS_PER_USER - 1 && index % 2 == 0 ? "purchase" : "view";
      profile = profile.apply(new UserEvent(UUID.randomUUID().toString(), userId, type, itemId,
          now.minusSeconds(60L * (EVENTS_PER_USER - event)), null, null, Map.of()),
          item == null ? null : item.category(), settings);
    }
    return profile;
  }

  private static RecommendationRequest request(int index, Instant now) {
    return new RecommendationRequest("warm-up-" + index, "persona-warm-up-" + index, 10,
        new RequestContext(now, null, DEVICES[index % DEVICES.length], 0, Map.of()), SeenItems.DEFAULT,
        ListOrder.RANKED, ItemFilter.NONE, null, false, true);
  }

  /** Logs what the warm-up did; a failure is logged and ends it (the node serves regardless). */
  public static void log(Report report, Throwable failure) {
    if (failure != null) {
      log.warn("The serving warm-up failed; the node serves without it: {}", failure.toString());
    } else if (report.lists() == 0) {
      log.info("Serving warm-up: nothing computed ({})", report.reason());
    } else {
      log.info("Serving warm-up: {} lists in {} ms (the first {} ms, the last {} ms; {})", report.lists(),
          report.millis(), Math.round(report.firstMillis()), String.format("%.1f", report.lastMillis()),
          report.reason());
    }
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** False when interrupted (the node is stopping). */
  private static boolean slept(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
