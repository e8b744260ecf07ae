package io.persona.models.history;

import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.TimedInteraction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link HistoryModel} from interactions: each user's events in time order pair with the
 * user's recent items (co-occurrence), and every event adds its decayed strength to its item's
 * popularity. Deterministic for the same events, whatever order they arrive in.
 */
public final class HistoryTraining {

  /**
   * @param coOccurrence       how items pair within a user's history
   * @param popularityHalfLife an interaction's share in popularity halves every this long
   */
  public record Settings(CoOccurrenceSettings coOccurrence, Duration popularityHalfLife) {}

  private final Settings settings;
  private final InteractionWeights weights;
  private final Map<String, List<HistoryEvent>> byUser = new HashMap<>();
  private long interactions;

  public HistoryTraining(Settings settings, InteractionWeights weights) {
    this.settings = settings;
    this.weights = weights;
  }

  /** Adds one event; events that teach nothing are left out. */
  public void add(HistoryEvent event) {
    if (weights.weightOf(event) > 0) {
      byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
      interactions++;
    }
  }

  public long interactions() {
    return interactions;
  }

  /** The model of everything added, with ages measured at {@code now}. */
  public HistoryModel train(String version, Instant now) {
    long nowMillis = now.toEpochMilli();
    double halfLifeMillis = settings.popularityHalfLife().toMillis();
    Map<String, Double> popularity = new HashMap<>();
    List<List<TimedInteraction>> histories = new ArrayList<>(byUser.size());
    // users in id order and events in (time, id) order: the same model whatever the scan order
    byUser.keySet().stream().sorted().forEach(user -> {
      List<HistoryEvent> events = byUser.get(user);
      events.sort(Comparator.comparing(HistoryEvent::time).thenComparing(HistoryEvent::eventId));
      List<TimedInteraction> history = new ArrayList<>(events.size());
      for (HistoryEvent event : events) {
        double strength = weights.weightOf(event);
        long at = event.time().toEpochMilli();
        history.add(new TimedInteraction(event.itemId(), at, strength));
        double decay = Math.pow(0.5, Math.max(0, nowMillis - at) / halfLifeMillis);
        popularity.merge(event.itemId(), strength * decay, Double::sum);
      }
      histories.add(history);
    });
    ItemCoOccurrence coOccurrence = ItemCoOccurrence.train(histories, settings.coOccurrence(), nowMillis);
    return HistoryModel.of(version, now, interactions, coOccurrence, popularity);
  }
}
