package io.persona.streams.learning;

import com.typesafe.config.Config;
import io.persona.actors.catalog.CatalogWriter;
import io.persona.models.learning.AlsSettings;
import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.Interaction;
import io.persona.models.learning.Outcome;
import io.persona.persistence.learning.OutcomeLogRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Retrains item embeddings from recent interactions (implicit-feedback ALS over the outcome log)
 * on a slower cadence than the ranker, and republishes them through the catalog writer: Cassandra
 * first, then every node's replica and vector index. Users need no republishing: a user's vector
 * is folded in per request against whatever item vectors are current.
 */
public final class EmbeddingRetrainer {
  private static final Logger log = LoggerFactory.getLogger(EmbeddingRetrainer.class);
  /** Items per catalog message: keeps each pub-sub message far below Artery's frame size. */
  private static final int PUBLISH_CHUNK = 500;

  private final OutcomeLogRepository outcomes;
  private final CatalogWriter catalog;
  private final EmbeddingSettings settings;
  private final Clock clock;

  /**
   * @param history         how far back interactions are read
   * @param typeWeights     strength of one event of each type (a purchase says more than a click)
   * @param minInteractions distinct user-item pairs needed before a run
   */
  public record EmbeddingSettings(boolean enabled, Duration interval, Duration history, Map<String, Double> typeWeights,
                                  int minInteractions, AlsSettings als) {

    /** {@code persona.learning.embeddings}; the dimension is the one the features and the index use. */
    public static EmbeddingSettings fromConfig(Config config, int dimension) {
      Config c = config.getConfig("persona.learning.embeddings");
      Map<String, Double> weights = new HashMap<>();
      c.getConfig("type-weights").root().keySet()
          .forEach(type -> weights.put(type, c.getDouble("type-weights." + type)));
      return new EmbeddingSettings(c.getBoolean("enabled"), c.getDuration("interval"), c.getDuration("history"),
          Map.copyOf(weights), c.getInt("min-interactions"), new AlsSettings(dimension, c.getInt("iterations"),
              c.getDouble("regularization"), c.getDouble("alpha"), c.getLong("seed")));
    }
  }

  public EmbeddingRetrainer(OutcomeLogRepository outcomes, CatalogWriter catalog, EmbeddingSettings settings,
                            Clock clock) {
    this.outcomes = outcomes;
    this.catalog = catalog;
    this.settings = settings;
    this.clock = clock;
  }

  /** What a run published. */
  public record Run(int interactions, int users, int items, Instant from, Instant to) {}

  /** Retrains and republishes when there is enough data. Blocking. */
  public Optional<Run> retrain() {
    Instant to = clock.instant();
    Instant from = to.minus(settings.history());
    List<Interaction> interactions = interactions(outcomes.read(from, to));
    if (interactions.size() < settings.minInteractions()) {
      return Optional.empty();
    }
    Factors factors = ImplicitAls.train(interactions, settings.als());
    publish(factors.items());
    Run run = new Run(interactions.size(), factors.users().size(), factors.items().size(), from, to);
    log.info("Item embeddings retrained: {}", run);
    return Optional.of(run);
  }

  /** One interaction per user and item, its strength summed over distinct events. */
  private List<Interaction> interactions(List<Outcome> recorded) {
    Set<String> seen = new HashSet<>();
    Map<String, Map<String, Double>> strengths = new LinkedHashMap<>();
    for (Outcome outcome : recorded) {
      if (!seen.add(outcome.eventId())) {
        continue; // a resent event counts once
      }
      double weight = settings.typeWeights().getOrDefault(outcome.type(), 1.0);
      strengths.computeIfAbsent(outcome.userId(), u -> new HashMap<>()).merge(outcome.itemId(), weight, Double::sum);
    }
    List<Interaction> interactions = new ArrayList<>();
    strengths.forEach((user, items) -> items.forEach((item, strength) ->
        interactions.add(new Interaction(user, item, strength))));
    return interactions;
  }

  private void publish(Map<String, float[]> items) {
    List<Map.Entry<String, float[]>> entries = new ArrayList<>(items.entrySet());
    for (int from = 0; from < entries.size(); from += PUBLISH_CHUNK) {
      Map<String, float[]> chunk = new LinkedHashMap<>();
      for (Map.Entry<String, float[]> entry : entries.subList(from, Math.min(entries.size(), from + PUBLISH_CHUNK))) {
        chunk.put(entry.getKey(), entry.getValue());
      }
      try {
        catalog.write(List.of(), chunk).toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing item embeddings", e);
      } catch (Exception e) {
        throw new IllegalStateException("could not publish item embeddings: " + e.getMessage(), e);
      }
    }
  }
}
