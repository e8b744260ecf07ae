package io.persona.streams.learning;

import io.persona.models.history.BlendTuning;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.RetrievalBlend;
import io.persona.models.history.HistoryTraining;
import io.persona.persistence.learning.HistoryModelRepository;
import io.persona.persistence.learning.InteractionLogRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Retrains the history model (co-occurrence and popularity) from every interaction within the
 * learning horizon and publishes it: stored in Cassandra first, then made current, so every node
 * (also one started later) serves it after its next look at the pointer. A run whose interactions
 * did not change since the last one (or, after a restart, since the stored model) publishes nothing,
 * unless the last publication is older than {@link #REPUBLISH_AFTER} (stored models expire after
 * {@code HistoryModelRepository}'s TTL). Finding that out reads the whole log, so the learning loop
 * skips a run without reading while no user acted since the last one ({@link QuietSkip}).
 */
public final class HistoryTrainer {
  private static final Logger log = LoggerFactory.getLogger(HistoryTrainer.class);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final InteractionLogRepository interactions;
  private final HistoryModelRepository models;
  private final HistorySettings settings;
  private final Clock clock;
  /** A model is published again after this long even without new interactions, so its stored copy never expires. */
  public static final java.time.Duration REPUBLISH_AFTER = java.time.Duration.ofDays(1);
  /** How the sources' shares are measured; null: never, the defaults are served. */
  private final BlendTuning.Settings tuning;
  private RetrievalBlend lastBlend = RetrievalBlend.DEFAULT;
  private Instant lastTuned = Instant.MIN;
  private long lastTunedCount;
  private boolean adopted;
  private long lastCount = -1;
  private Instant lastNewest = Instant.MIN;
  private Instant lastPublished = Instant.MIN;

  /** Trains a ranker from the blend's hold-outs; null: none is (no learning loop, or turned off). */
  private final HistoryRankerTraining rankerTraining;

  /** @param tuning how the sources' shares are measured; null to serve the defaults */
  public HistoryTrainer(InteractionLogRepository interactions, HistoryModelRepository models,
                        HistorySettings settings, BlendTuning.Settings tuning, Clock clock) {
    this(interactions, models, settings, tuning, null, clock);
  }

  /**
   * @param rankerTraining trains a ranker each time the blend is measured (see {@link HistoryRankerTraining});
   *                       null for none
   */
  public HistoryTrainer(InteractionLogRepository interactions, HistoryModelRepository models, HistorySettings settings,
                        BlendTuning.Settings tuning, HistoryRankerTraining rankerTraining, Clock clock) {
    this.rankerTraining = rankerTraining;
    this.tuning = tuning;
    this.interactions = interactions;
    this.models = models;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * A blend is measured again after {@code retune-after}, at once while none was measured, and when
   * the history grew by half since the last measurement (an import just arrived).
   */
  private boolean blendDue(long interactions, Instant now) {
    return !lastTuned.plus(settings.blend().retuneAfter()).isAfter(now) || interactions > lastTunedCount * 3 / 2;
  }

  /**
   * A trainer that starts (after a restart, or on another node) carries on from the stored model
   * instead of training and measuring anew at once: the served order stays as it was, the blend is
   * measured again when it is due, and a history that did not change since the stored model was
   * trained (as many interactions, none newer than its training) is not published again, unless its
   * blend was never measured: every node would otherwise load an identical model under a new
   * version after each restart.
   *
   * @param interactionsNow the interactions kept now
   * @param newestNow the newest of them
   */
  private void adoptStoredModel(long interactionsNow, Instant newestNow) {
    adopted = true;
    try {
      models.currentVersion().flatMap(models::load).ifPresent(stored -> {
        lastBlend = stored.blend();
        if (stored.blend().measured()) {
          lastTuned = stored.trainedAt();
          lastTunedCount = stored.interactions();
        }
        // a blend still to be measured (a node stopped during the measurement, or too few users
        // then) is a reason to train again: the measurement follows a publication
        boolean blendPending = tuning != null && !stored.blend().measured();
        if (!blendPending && stored.interactions() == interactionsNow && !newestNow.isAfter(stored.trainedAt())) {
          lastCount = interactionsNow;
          lastNewest = newestNow;
          lastPublished = stored.trainedAt();
        }
      });
    } catch (RuntimeException e) {
      log.warn("Could not read the stored history model; it will be trained and measured again: {}", e.toString());
    }
  }

  /** Trains and publishes when the history changed; the published model, if any. Blocking. */
  public Optional<HistoryModel> retrain() {
    Instant now = clock.instant();
    HistoryTraining training = new HistoryTraining(settings.training(), settings.weights());
    Instant[] newest = {Instant.MIN};
    interactions.scan(settings.retention().oldestKept(now), now.plusSeconds(1), event -> {
      training.add(event);
      if (event.time().isAfter(newest[0])) {
        newest[0] = event.time();
      }
    });
    if (!adopted) {
      adoptStoredModel(training.interactions(), newest[0]);
    }
    boolean unchanged = training.interactions() == lastCount && newest[0].equals(lastNewest)
        && lastPublished.plus(REPUBLISH_AFTER).isAfter(now);
    if (training.interactions() == 0 || unchanged) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    // Published first with the blend it has: the new neighbours and popularity are served within
    // seconds, and a measurement (tens of seconds on a large history) follows as a second version.
    String version = "history-" + VERSION_TIME.format(now);
    HistoryModel model = training.train(version, now, lastBlend);
    models.publish(model);
    lastCount = training.interactions();
    lastNewest = newest[0];
    lastPublished = now;
    log.info("History model {} trained on {} interactions in {} ms: {} items with neighbours, {} with popularity",
        model.version(), model.interactions(), (System.nanoTime() - started) / 1_000_000,
        model.coOccurrence().size(), model.popularity().size());
    if (tuning != null && blendDue(training.interactions(), now)) {
      long tuningStarted = System.nanoTime();
      RetrievalBlend before = lastBlend;
      BlendTuning.Measurement measured = null;
      HistoryModel trained = model;
      // the blend chosen before co-occurrence's pairing is searched is served while that runs
      HistoryModel[] served = {model};
      try {
        measured = training.measureBlend(now, tuning, before, early -> {
          if (early.equals(before)) {
            return;
          }
          try {
            HistoryModel reblended = training.reblend(trained, version + "-blend", early);
            models.publish(reblended);
            served[0] = reblended;
            log.info("History model {} published with the blend measured before the pairing search ({} ms)",
                reblended.version(), (System.nanoTime() - tuningStarted) / 1_000_000);
          } catch (RuntimeException e) {
            // the measurement goes on; its final blend is published after it, or the model keeps its own
            log.warn("Could not publish the blend measured before the pairing search", e);
          }
        });
        lastBlend = measured.blend();
        lastTuned = lastBlend.measured() ? now : Instant.MIN; // too few users yet: try again next run
        log.info("Retrieval blend measured on {} held-out users in {} ms: {}", lastBlend.users(),
            (System.nanoTime() - tuningStarted) / 1_000_000, lastBlend);
        // every verdict of the source settings' search, so a kept setting's reason can be read
        measured.verdicts().forEach(verdict -> log.info("Source setting tried: {}", verdict));
      } catch (RuntimeException e) {
        // a failed measurement keeps the blend the model was last published with
        lastBlend = served[0].blend();
        lastTuned = now;
        log.warn("Could not measure the retrieval blend; serving {} meanwhile", lastBlend, e);
      }
      lastTunedCount = training.interactions();
      model = served[0];
      if (!lastBlend.equals(model.blend())) {
        model = training.reblend(trained, version + (model == trained ? "-blend" : "-paired"), lastBlend);
        models.publish(model);
        log.info("History model {} published with the measured blend", model.version());
      }
      if (rankerTraining != null && measured != null && lastBlend.measured()) {
        try {
          rankerTraining.train(measured, now);
        } catch (RuntimeException e) {
          log.warn("Could not register the ranker trained from the history", e);
        }
      }
    }
    return Optional.of(model);
  }
}
