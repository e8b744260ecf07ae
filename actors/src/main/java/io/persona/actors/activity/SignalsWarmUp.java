package io.persona.actors.activity;

import io.persona.models.history.HistoryEvent;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfileSettings;
import io.persona.persistence.learning.InteractionLogRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills a starting node's trending counts and co-visitation rows from the interaction log, so
 * these in-memory sources survive a restart (and a new node does not start without them) instead
 * of relearning from live traffic for hours. Each logged event is observed as the live path would
 * have observed it: the log is scanned user by user in time order, so each event sees the same
 * user's earlier events as its predecessors.
 *
 * <p>Events that arrive live while the scan runs are counted by the live path as well; only an
 * event whose own timestamp lies before the scan's end can be counted twice, which shifts a few
 * decayed counts slightly and is preferred to a node that forgets everything.
 */
public final class SignalsWarmUp {
  private static final Logger log = LoggerFactory.getLogger(SignalsWarmUp.class);
  /** Predecessors an event is paired with at most, as a profile's recent history would hold. */
  private static final int PREDECESSORS = 50;

  private SignalsWarmUp() {}

  /** Observes every logged interaction of {@code [now − window, now)}. Blocking; returns the events observed. */
  public static long run(ItemSignals signals, InteractionLogRepository interactions, Duration window,
                         ProfileSettings profileSettings, Instant now) {
    long started = System.nanoTime();
    List<HistoryEntry> newestFirst = new ArrayList<>();
    String[] currentUser = {null};
    long observed = interactions.scan(now.minus(window), now, event -> {
      if (!event.userId().equals(currentUser[0])) {
        currentUser[0] = event.userId();
        newestFirst.clear();
      }
      observe(signals, event, newestFirst, profileSettings);
    });
    log.info("Trending and co-visitation warmed up from {} logged interactions of the last {} in {} ms", observed,
        window, (System.nanoTime() - started) / 1_000_000);
    return observed;
  }

  private static void observe(ItemSignals signals, HistoryEvent event, List<HistoryEntry> newestFirst,
                              ProfileSettings profileSettings) {
    if (!signals.catalogued(event.itemId())) { // as live: no table grows for an id outside the catalog
      return;
    }
    double weight = Math.max(0, profileSettings.weightOf(event.type(), null));
    if (weight > 0) {
      signals.trending().observe(event.itemId(), weight, event.time());
    }
    signals.coVisitation().observe(event.itemId(), event.time(), List.copyOf(newestFirst));
    newestFirst.add(0, new HistoryEntry(event.itemId(), event.type(), null, event.time()));
    if (newestFirst.size() > PREDECESSORS) {
      newestFirst.remove(newestFirst.size() - 1);
    }
  }
}
