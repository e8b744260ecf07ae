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
import java.util.TreeMap;

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

  /** Co-occurrence and popularity fitted on some users' events. */
  record Fitted(ItemCoOccurrence coOccurrence, Map<String, Double> popularity) {}

  private final Settings settings;
  private final InteractionWeights weights;
  private final Map<String, List<HistoryEvent>> byUser = new HashMap<>();
  private long interactions;
  private Instant newest = Instant.MIN;

  public HistoryTraining(Settings settings, InteractionWeights weights) {
    this.settings = settings;
    this.weights = weights;
  }

  /** Adds one event; events that teach nothing are left out. */
  public void add(HistoryEvent event) {
    if (weights.weightOf(event) > 0) {
      byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
      interactions++;
      newest = event.time().isAfter(newest) ? event.time() : newest;
    }
  }

  public long interactions() {
    return interactions;
  }

  /** The time of the newest event added ({@link Instant#MIN} before any). */
  public Instant newest() {
    return newest;
  }

  /** The model of everything added, with ages measured at {@code now}, served with the default blend. */
  public HistoryModel train(String version, Instant now) {
    return train(version, now, RetrievalBlend.DEFAULT);
  }

  /** The model of everything added, with ages measured at {@code now}, served with {@code blend}. */
  public HistoryModel train(String version, Instant now, RetrievalBlend blend) {
    Fitted fitted = fit(sortedHistories(), settings, weights, now.toEpochMilli());
    return HistoryModel.of(version, now, interactions, fitted.coOccurrence(), fitted.popularity(), blend);
  }

  /** Source weights measured on this history (see {@link BlendTuning}). */
  public RetrievalBlend tuneBlend(Instant now, BlendTuning.Settings tuning) {
    return BlendTuning.tune(sortedHistories(), settings, weights, tuning, now);
  }

  /**
   * Source weights measured on this history, with the held-out cases they were measured on: what a
   * ranker is trained on from history ({@link HistoryRanking}).
   */
  public BlendTuning.Measurement measureBlend(Instant now, BlendTuning.Settings tuning) {
    return BlendTuning.measure(sortedHistories(), settings, weights, tuning, now);
  }

  /** Users in id order, each user's events in (time, id) order: the same model whatever the scan order. */
  private Map<String, List<HistoryEvent>> sortedHistories() {
    Map<String, List<HistoryEvent>> sorted = new TreeMap<>();
    byUser.forEach((user, events) -> {
      List<HistoryEvent> copy = new ArrayList<>(events);
      copy.sort(Comparator.comparing(HistoryEvent::time).thenComparing(HistoryEvent::eventId));
      sorted.put(user, copy);
    });
    return sorted;
  }

  static Fitted fit(Map<String, List<HistoryEvent>> sortedByUser, Settings settings, InteractionWeights weights,
                    long nowMillis) {
    double halfLifeMillis = settings.popularityHalfLife().toMillis();
    Map<String, Double> popularity = new HashMap<>();
    List<List<TimedInteraction>> histories = new ArrayList<>(sortedByUser.size());
    sortedByUser.forEach((user, events) -> {
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
    return new Fitted(ItemCoOccurrence.train(histories, settings.coOccurrence(), nowMillis), popularity);
  }
}
