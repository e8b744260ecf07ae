package io.persona.streams.learning;

import com.typesafe.config.Config;
import io.persona.actors.catalog.CatalogWriter;
import io.persona.models.learning.AlsSettings;
import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.InteractionMatrix;
import io.persona.models.retrieval.StrengthScale;
import io.persona.persistence.catalog.ItemEmbeddingRepository;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Retrains item embeddings from every interaction of the learning horizon (implicit-feedback ALS
 * over the interaction log, with the history's type weights) on a slower cadence than the ranker,
 * and republishes them through the catalog writer: Cassandra first, then every node's replica and
 * vector index. Each run starts from the stored table (a warm start), so consecutive tables share
 * one coordinate space, and every trained item is republished. Users need no republishing: a
 * user's vector is folded in per request against whatever item vectors are current. The learning
 * loop skips a run while nobody acted and the catalog kept its items ({@link QuietSkip}): the same
 * history would be trained and every vector republished for nothing.
 *
 * <p>Each published run is recorded as the stream offset {@value #STREAM} (offset: the end of the
 * interactions it read; counters: its pairs, users and items, and the runs so far), so an operator,
 * a benchmark or a test can see that a run covering some moment has finished (GET /v1/admin/learning).
 */
public final class EmbeddingRetrainer {
  private static final Logger log = LoggerFactory.getLogger(EmbeddingRetrainer.class);
  /** Items per catalog message: keeps each pub-sub message far below Artery's frame size. */
  private static final int PUBLISH_CHUNK = 500;
  /** The stream offset that records the last published run. */
  public static final String STREAM = "embeddings";

  private final InteractionLogRepository interactions;
  private final ItemEmbeddingRepository stored;
  private final CatalogWriter catalog;
  private final StreamOffsetRepository offsets;
  private final EmbeddingSettings settings;
  private final HistorySettings history;
  private final Clock clock;
  private final Predicate<String> catalogued;

  /** @param minInteractions distinct user-item pairs needed before a run */
  /** @param strengthScale how a user's summed type weights for an item become ALS strength */
  public record EmbeddingSettings(boolean enabled, Duration interval, int minInteractions, AlsSettings als,
                                  StrengthScale strengthScale) {

    /** {@code persona.learning.embeddings}; the dimension is the one the features and the index use. */
    public static EmbeddingSettings fromConfig(Config config, int dimension) {
      Config c = config.getConfig("persona.learning.embeddings");
      return new EmbeddingSettings(c.getBoolean("enabled"), c.getDuration("interval"), c.getInt("min-interactions"),
          new AlsSettings(dimension, c.getInt("iterations"), c.getDouble("regularization"), c.getDouble("alpha"),
              c.getLong("seed")), StrengthScale.parse(c.getString("strength-scale")));
    }
  }

  /** @param offsets where each published run is recorded */
  public EmbeddingRetrainer(InteractionLogRepository interactions, ItemEmbeddingRepository stored,
                            CatalogWriter catalog, StreamOffsetRepository offsets, EmbeddingSettings settings,
                            HistorySettings history, Clock clock) {
    this(interactions, stored, catalog, offsets, settings, history, clock, itemId -> true);
  }

  /**
   * @param catalogued whether an item is in the catalog: only those vectors are published, so item
   *                   ids a client made up reach no node's replica (they still train the others)
   */
  public EmbeddingRetrainer(InteractionLogRepository interactions, ItemEmbeddingRepository stored,
                            CatalogWriter catalog, StreamOffsetRepository offsets, EmbeddingSettings settings,
                            HistorySettings history, Clock clock, Predicate<String> catalogued) {
    this.catalogued = catalogued;
    this.interactions = interactions;
    this.stored = stored;
    this.catalog = catalog;
    this.offsets = offsets;
    this.settings = settings;
    this.history = history;
    this.clock = clock;
  }

  /** What a run published. */
  public record Run(int interactions, int users, int items, Instant from, Instant to) {}

  /** Retrains and republishes when there is enough data. Blocking. */
  public Optional<Run> retrain() {
    Instant to = clock.instant();
    Instant from = history.retention().oldestKept(to);
    InteractionMatrix pairs = pairsOf(from, to);
    if (pairs.pairs() < settings.minInteractions()) {
      return Optional.empty();
    }
    Factors factors = ImplicitAls.train(pairs, settings.als(), stored.loadAll());
    publish(factors.items());
    Run run = new Run(pairs.pairs(), pairs.users(), factors.items().size(), from, to);
    record(run);
    log.info("Item embeddings retrained (warm start): {}", run);
    return Optional.of(run);
  }

  /**
   * Every interaction of {@code [from, to]} summed per user-item pair while paging, in primitive
   * arrays: the whole horizon is read, only its distinct pairs are held (24 bytes each), and the
   * builder's table is garbage before ALS starts.
   */
  private InteractionMatrix pairsOf(Instant from, Instant to) {
    InteractionMatrix.Builder strengths = InteractionMatrix.builder();
    interactions.scan(from, to.plusSeconds(1), event -> {
      double weight = history.weights().weightOf(event);
      if (weight > 0) {
        strengths.add(event.userId(), event.itemId(), weight);
      }
    });
    return strengths.build(settings.strengthScale()::apply);
  }

  /** After publishing: whoever reads the offset may rely on the run's embeddings being stored and announced. */
  private void record(Run run) {
    long runs = offsets.load(STREAM).map(o -> o.counters().getOrDefault("runs", 0L)).orElse(0L) + 1;
    offsets.save(new StreamOffset(STREAM, run.to(), Map.of("interactions", (long) run.interactions(),
        "users", (long) run.users(), "items", (long) run.items(), "runs", runs), clock.instant()));
  }

  private void publish(Map<String, float[]> items) {
    List<Map.Entry<String, float[]>> entries = new ArrayList<>();
    for (Map.Entry<String, float[]> entry : items.entrySet()) {
      if (catalogued.test(entry.getKey())) {
        entries.add(entry);
      }
    }
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
