package io.persona.models.history;

import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.TimedInteraction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * The model of everything added, with ages measured at {@code now}, served with {@code blend}
   * (popularity decayed with the half-life the blend was measured with, and items paired the way it
   * chose, if it chose them).
   */
  public HistoryModel train(String version, Instant now, RetrievalBlend blend) {
    Fitted fitted = fit(sortedHistories(), settingsOf(blend), weights, now.toEpochMilli());
    return HistoryModel.of(version, now, interactions, fitted.coOccurrence(), fitted.popularity(), blend);
  }

  /**
   * {@code trained} (a model of everything added, trained at its own time) under a new version and
   * blend: the same neighbours and popularity, each fitted again where the blend chose otherwise
   * (another popularity half-life, another way of pairing items).
   */
  public HistoryModel reblend(HistoryModel trained, String newVersion, RetrievalBlend blend) {
    Settings before = settingsOf(trained.blend());
    Settings after = settingsOf(blend);
    if (before.equals(after)) {
      return trained.withBlend(newVersion, blend);
    }
    Map<String, List<HistoryEvent>> histories = sortedHistories();
    long trainedAt = trained.trainedAt().toEpochMilli();
    Map<String, Double> popularity = before.popularityHalfLife().equals(after.popularityHalfLife())
        ? trained.popularity() : popularity(histories, after.popularityHalfLife(), trainedAt);
    ItemCoOccurrence coOccurrence = before.coOccurrence().equals(after.coOccurrence()) ? trained.coOccurrence()
        : coOccurrence(histories, after.coOccurrence(), weights, trainedAt);
    return HistoryModel.of(newVersion, trained.trainedAt(), trained.interactions(), coOccurrence, popularity, blend);
  }

  /** The configured settings, with what {@code blend}'s measurement chose in their place. */
  private Settings settingsOf(RetrievalBlend blend) {
    SourceSettings sources = blend.sources();
    return sources == null ? settings
        : new Settings(sources.coOccurrenceOr(settings.coOccurrence()), sources.popularityHalfLife());
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

  /**
   * The same, handing {@code early} the blend chosen before co-occurrence's pairing is searched (when
   * it is): it can be served during the slower rest of the measurement. The pairing search starts
   * from the pairing of {@code served}, the blend the model is served with now.
   */
  public BlendTuning.Measurement measureBlend(Instant now, BlendTuning.Settings tuning, RetrievalBlend served,
                                              java.util.function.Consumer<RetrievalBlend> early) {
    return BlendTuning.measure(sortedHistories(), settings, weights, tuning, now,
        served.sources() == null ? null : served.sources().coOccurrence(), early);
  }

  /**
   * Users in id order, each user's events {@link HistoryEvent#IN_ORDER}: the same model whatever
   * the scan order.
   */
  private Map<String, List<HistoryEvent>> sortedHistories() {
    Map<String, List<HistoryEvent>> sorted = new TreeMap<>();
    byUser.forEach((user, events) -> {
      List<HistoryEvent> copy = new ArrayList<>(events);
      copy.sort(HistoryEvent.IN_ORDER);
      sorted.put(user, copy);
    });
    return sorted;
  }

  static Fitted fit(Map<String, List<HistoryEvent>> sortedByUser, Settings settings, InteractionWeights weights,
                    long nowMillis) {
    return new Fitted(coOccurrence(sortedByUser, settings.coOccurrence(), weights, nowMillis),
        popularity(sortedByUser, settings.popularityHalfLife(), weights, nowMillis));
  }

  /** Items paired within each user's history (oldest first), with ages measured at {@code nowMillis}. */
  static ItemCoOccurrence coOccurrence(Map<String, List<HistoryEvent>> sortedByUser, CoOccurrenceSettings settings,
                                       InteractionWeights weights, long nowMillis) {
    List<List<TimedInteraction>> histories = new ArrayList<>(sortedByUser.size());
    sortedByUser.forEach((user, events) -> {
      List<TimedInteraction> history = new ArrayList<>(events.size());
      for (HistoryEvent event : events) {
        history.add(new TimedInteraction(event.itemId(), event.time().toEpochMilli(), weights.weightOf(event)));
      }
      histories.add(history);
    });
    return ItemCoOccurrence.train(histories, settings, nowMillis);
  }

  private Map<String, Double> popularity(Map<String, List<HistoryEvent>> sortedByUser, Duration halfLife,
                                         long nowMillis) {
    return popularity(sortedByUser, halfLife, weights, nowMillis);
  }

  /** Each item's interaction strength, each interaction decayed by its age at {@code nowMillis}. */
  static Map<String, Double> popularity(Map<String, List<HistoryEvent>> sortedByUser, Duration halfLife,
                                        InteractionWeights weights, long nowMillis) {
    double halfLifeMillis = halfLife.toMillis();
    Map<String, Double> popularity = new HashMap<>();
    sortedByUser.values().forEach(events -> {
      for (HistoryEvent event : events) {
        double decay = Math.pow(0.5, Math.max(0, nowMillis - event.time().toEpochMilli()) / halfLifeMillis);
        popularity.merge(event.itemId(), weights.weightOf(event) * decay, Double::sum);
      }
    });
    return popularity;
  }
}
