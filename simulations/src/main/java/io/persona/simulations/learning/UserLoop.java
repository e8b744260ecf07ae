package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One virtual user worker of the closed loop: picks a random user, asks Persona for that user's
 * list, lets the user click each shown item with its true probability (and buy with probability
 * {@value #PURCHASE_SHARE} after a click), posts the clicks and purchases with the list's
 * requestId so Persona can join them to what it served, and counts it all in its minute.
 * No think time: the loop runs as fast as the node answers, so a slower node gets fewer lessons.
 */
final class UserLoop implements Runnable {
  static final double PURCHASE_SHARE = 0.1;
  private static final AtomicInteger REPORTED_ERRORS = new AtomicInteger();

  private final SimulatedWorld world;
  private final Map<String, WorldItem> itemsById;
  private final LoopApi api;
  private final RunClock clock;
  private final MinuteLedger ledger;
  private final FreshnessTracker freshness;
  private final SplittableRandom random;
  private final String eventPrefix;
  private final int k;
  /** From this minute on the world's tastes are shifted; 0 never. */
  private final int shiftAtMinute;
  private long eventCounter;

  UserLoop(SimulatedWorld world, LoopApi api, RunClock clock, MinuteLedger ledger, FreshnessTracker freshness,
           long seed, String eventPrefix, int k, int shiftAtMinute) {
    this.shiftAtMinute = shiftAtMinute;
    this.world = world;
    this.itemsById = world.items().stream().collect(Collectors.toMap(WorldItem::itemId, Function.identity()));
    this.api = api;
    this.clock = clock;
    this.ledger = ledger;
    this.freshness = freshness;
    this.random = new SplittableRandom(seed);
    this.eventPrefix = eventPrefix;
    this.k = k;
  }

  @Override
  public void run() {
    List<WorldUser> users = world.users();
    for (int minute = clock.minute(); minute > 0 && !Thread.currentThread().isInterrupted(); minute = clock.minute()) {
      WorldUser user = users.get(random.nextInt(users.size()));
      try {
        act(user, minute);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        ledger.error(minute);
        if (REPORTED_ERRORS.incrementAndGet() <= 5) {
          System.err.println("  loop error (the loop goes on): " + e.getMessage());
        }
        pause();
      }
    }
  }

  private void act(WorldUser user, int minute) throws Exception {
    boolean shifted = shiftAtMinute > 0 && minute >= shiftAtMinute;
    Slate slate = api.recommend(user, k);
    freshness.served(slate.modelVersion(), System.currentTimeMillis());
    ArrayNode events = LoopApi.mapper().createArrayNode();
    int clicks = 0;
    int purchases = 0;
    int preferredCategory = world.preferredCategory(user, shifted);
    long preferred = 0;
    long cheap = 0;
    double expected = 0;
    Map<String, Long> slotsBySource = new TreeMap<>();
    Map<String, Long> clicksBySource = new TreeMap<>();
    for (int position = 0; position < slate.itemIds().size(); position++) {
      WorldItem item = itemsById.get(slate.itemIds().get(position));
      String source = slate.sources().get(position);
      slotsBySource.merge(source, 1L, Long::sum);
      // an item the simulator did not post (another run's catalog) is shown but never clicked
      if (item == null) {
        continue;
      }
      double probability = world.clickProbability(user, item, position, shifted);
      expected += probability;
      preferred += item.category() == preferredCategory ? 1 : 0;
      cheap += item.cheap() ? 1 : 0;
      if (random.nextDouble() < probability) {
        clicksBySource.merge(source, 1L, Long::sum);
        clicks++;
        event(events, "click", user, item, slate);
        if (random.nextDouble() < PURCHASE_SHARE) {
          purchases++;
          event(events, "purchase", user, item, slate);
        }
      }
    }
    // counted before the post: the user saw and clicked whether or not the node hears of it
    ListMix mix = new ListMix(preferred, user.mobile() ? slate.itemIds().size() : 0, user.mobile() ? cheap : 0,
        expected, world.bestSlateClicks(user, slate.itemIds().size(), shifted), slotsBySource, clicksBySource);
    ledger.slate(minute, slate, clicks, purchases, mix);
    if (!events.isEmpty()) {
      long rejected = api.post(events);
      long ackedAt = System.currentTimeMillis();
      for (int c = 0; c < clicks; c++) {
        freshness.clicked(ackedAt);
      }
      if (rejected > 0) {
        ledger.error(minute);
      }
    }
  }

  private void event(ArrayNode events, String type, WorldUser user, WorldItem item, Slate slate) {
    ObjectNode json = events.addObject();
    json.put("eventId", eventPrefix + "-" + (eventCounter++));
    json.put("userId", user.userId());
    json.put("type", type);
    json.put("itemId", item.itemId());
    json.put("timestamp", Instant.now().toString());
    if (!slate.requestId().isEmpty()) {
      json.put("requestId", slate.requestId());
    }
    json.putObject("context").put("device", user.device());
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
