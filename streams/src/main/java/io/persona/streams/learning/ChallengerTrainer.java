package io.persona.streams.learning;

import ai.djl.MalformedModelException;
import io.persona.streams.learning.LearningTelemetry;
import io.persona.actors.model.ModelHolder;
import io.persona.actors.model.ModelPromotions;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.learning.ExampleJoin;
import io.persona.models.learning.NegativeRate;
import io.persona.models.learning.TrainingExample;
import io.persona.models.learning.TrainingExamples;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.network.NetworkArchitecture;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.persistence.learning.TrainingExampleRepository;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a challenger copy of the ranker on examples as the join produces them: each cycle reads
 * the new examples, and once enough training rows arrived, trains the challenger on them (plus a
 * replay of recent rows) warm-started from itself (at first from the champion), calibrates it on
 * older held-out rows, and reviews it against the champion on the newest held-out rows. A model
 * that passes the gate is registered and promoted (or, with an A/B share, served to that share);
 * one that fails is registered as rejected, with the gate's reasons.
 *
 * <p>The stored offset moves only when a cycle trained: rows read but not yet trained are read
 * again after a restart, and the stored counters say how many rows of each kind were used, so a
 * restart neither loses nor double-counts examples. The serving model is never trained: the
 * challenger is a separate copy, published as a new artifact.
 */
public final class ChallengerTrainer {
  public static final String STREAM = "trainer";
  private static final Logger log = LoggerFactory.getLogger(ChallengerTrainer.class);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
  /** Rejections in a row after which the challenger starts again from the champion. */
  private static final int RESET_AFTER_REJECTIONS = 3;
  /** New training rows enough for a cycle the monitors asked for. */
  private static final int MIN_REQUESTED_TRAIN_EXAMPLES = 100;

  private final TrainingExampleRepository examples;
  private final StreamOffsetRepository offsets;
  private final ModelRegistryRepository registry;
  private final ChallengerReview review;
  private final RankerFitting fitting;
  private final NetworkArchitecture architecture;
  private final FeatureSpec spec;
  private final ModelHolder champion;
  private final ModelPromotions promotions;
  private final LearningSettings settings;
  private final TrainingMonitors monitors;
  private final Clock clock;

  private StreamOffset offset; // null until loaded, and again after a failure
  private Instant readTo;
  private final List<TrainingExample> pending = new ArrayList<>();
  private final Deque<TrainingExample> replay = new ArrayDeque<>();
  private final Deque<TrainingExample> holdout = new ArrayDeque<>();
  private long holdoutSinceCommit;
  private ModelArtifact challenger;
  private int rejectionsInARow;
  /** When this trainer last promoted a champion; none since it started. */
  private Instant lastPromotion = Instant.MIN;

  public ChallengerTrainer(TrainingExampleRepository examples, StreamOffsetRepository offsets,
                           ModelRegistryRepository registry, ChallengerReview review, RankerFitting fitting,
                           NetworkArchitecture architecture, FeatureSpec spec, ModelHolder champion,
                           ModelPromotions promotions, LearningSettings settings, TrainingMonitors monitors,
                           Clock clock) {
    this.examples = examples;
    this.offsets = offsets;
    this.registry = registry;
    this.review = review;
    this.fitting = fitting;
    this.architecture = architecture;
    this.spec = spec;
    this.champion = champion;
    this.promotions = promotions;
    this.settings = settings;
    this.monitors = monitors;
    this.clock = clock;
  }

  /** What one training cycle did. */
  public record Cycle(String version, int trainedOn, int evaluatedOn, ModelStatus status,
                      ChallengerReview.Review review) {}

  /** Reads new examples and trains when there are enough. Blocking. */
  public Optional<Cycle> cycle() {
    try {
      load();
      if (!readNew()) {
        return Optional.empty();
      }
      TrainingMonitors.Report health = monitor();
      if (!readyToTrain(health.retrainNow())) {
        return Optional.empty();
      }
      return Optional.of(trainAndReview(health.retrainNow() && pending.size() < settings.minTrainExamples()));
    } catch (RuntimeException e) {
      offset = null; // start again from what was stored
      throw e;
    }
  }

  public StreamOffset offset() {
    load();
    return offset;
  }

  private void load() {
    if (offset != null) {
      return;
    }
    pending.clear();
    replay.clear();
    holdout.clear();
    holdoutSinceCommit = 0;
    offset = offsets.load(STREAM).orElseGet(this::freshOffset);
    readTo = offset.offset();
    // refill the windows from the rows just before the offset: a restarted trainer can evaluate at once
    for (TrainingExample row : examples.read(readTo.minus(settings.startLookback()), readTo)) {
      keep(row.holdout() ? holdout : replay, row, row.holdout() ? settings.holdoutExamples() : settings.replayExamples());
    }
    log.info("Trainer resumes at {}: {} replay rows, {} held-out rows", readTo, replay.size(), holdout.size());
  }

  /** A fresh trainer starts where the join started, so it uses every example the join wrote. */
  private StreamOffset freshOffset() {
    Instant origin = offsets.load(ExampleJoiner.STREAM)
        .map(joined -> joined.counters().get(ExampleJoiner.ORIGIN))
        .map(Instant::ofEpochMilli)
        .orElse(clock.instant().minus(settings.startLookback()));
    return new StreamOffset(STREAM, origin, Map.of(ExampleJoiner.ORIGIN, origin.toEpochMilli()), clock.instant());
  }

  /** Reads the rows the join added since the last read; false when there were none. */
  private boolean readNew() {
    Optional<Instant> joined = offsets.load(ExampleJoiner.STREAM).map(StreamOffset::offset);
    if (joined.isEmpty() || !readTo.isBefore(joined.get())) {
      return false;
    }
    for (TrainingExample row : examples.read(readTo, joined.get())) {
      if (row.holdout()) {
        keep(holdout, row, settings.holdoutExamples());
        holdoutSinceCommit++;
      } else {
        pending.add(row);
      }
    }
    readTo = joined.get();
    return true;
  }

  /** Skew, drift and calibration on the newest rows; stored for every node's status page. */
  private TrainingMonitors.Report monitor() {
    List<TrainingExample> reference = new ArrayList<>(replay);
    reference.addAll(pending);
    TrainingMonitors.Report report;
    try (ModelHolder.Lease serving = champion.acquire()) {
      report = monitors.measure(reference, evaluationSlice(), serving.ranker());
    }
    offsets.save(new StreamOffset(TrainingMonitors.STREAM, readTo, report.asCounters(), clock.instant()));
    LearningTelemetry.monitored(report.predictedCtr(), report.observedCtr(), report.maxPsi(), report.skewMismatchRate(),
        report.rows());
    if (report.retrainNow()) {
      log.info("Monitors ask for training now: max PSI {} ({}), predicted CTR {} vs observed {}", report.maxPsi(),
          report.driftedFeature(), report.predictedCtr(), report.observedCtr());
    }
    return report;
  }

  private boolean readyToTrain(boolean requested) {
    if (clock.instant().isBefore(lastPromotion.plus(settings.promotionCooldown()))) {
      // A new champion serves for a while before it is challenged: its own held-out rows come in
      // (the skew monitor re-scores those), and the gate is not re-run every few seconds on
      // overlapping slices until chance lets a challenger through.
      return false;
    }
    int needed = requested ? Math.min(MIN_REQUESTED_TRAIN_EXAMPLES, settings.minTrainExamples())
        : settings.minTrainExamples();
    if (pending.size() < needed) {
      return false;
    }
    List<TrainingExample> evaluation = evaluationSlice();
    return evaluation.size() >= settings.gate().minExamples() && hasBothLabels(earlyStoppingSlice(negativeRate()))
        && hasBothLabels(calibrationSlice()) && hasBothLabels(evaluation);
  }

  private Cycle trainAndReview(boolean requestedByMonitors) {
    double negativeRate = negativeRate();
    List<TrainingExample> rows = new ArrayList<>(replay.size() + pending.size());
    rows.addAll(replay);
    rows.addAll(pending);
    List<TrainingExample> train = NegativeRate.drawnAt(rows, negativeRate);
    List<TrainingExample> earlyStopping = earlyStoppingSlice(negativeRate);
    List<TrainingExample> calibration = calibrationSlice();
    List<TrainingExample> evaluation = evaluationSlice();
    Instant now = clock.instant();
    String version = architecture.kind() + "-" + VERSION_TIME.format(now);
    ModelArtifact parent = challenger != null ? challenger : warmStartFromChampion().orElse(null);
    ModelLineage lineage = new ModelLineage(version, parent, rows.get(0).servedAt(), readTo);

    ModelArtifact trained;
    try {
      trained = fitting.fitOnStream(architecture, TrainingExamples.toLabeled(train, spec),
          TrainingExamples.toLabeled(earlyStopping, spec), TrainingExamples.toLabeled(calibration, spec),
          negativeRate, lineage);
    } catch (MalformedModelException e) {
      throw new IllegalStateException("could not warm-start from " + parent.version(), e);
    }

    ChallengerReview.Review verdict;
    try (Ranker candidate = Rankers.load(trained, spec); ModelHolder.Lease serving = champion.acquire()) {
      verdict = review.review(candidate, serving.ranker(), evaluation);
    }
    ModelStatus status = decide(trained, verdict);
    commit(pending.size(), status, requestedByMonitors);
    LearningTelemetry.cycle(status.name());
    log.info("Challenger {} trained on {} rows ({} new), evaluated on {}: {} ({})", version, train.size(),
        pending.size(), evaluation.size(), status, String.join("; ", verdict.decision().reasons()));
    replayAfter(train);
    return new Cycle(version, train.size(), evaluation.size(), status, verdict);
  }

  private ModelStatus decide(ModelArtifact trained, ChallengerReview.Review verdict) {
    String reasons = String.join("; ", verdict.decision().reasons());
    if (!verdict.decision().promote()) {
      registry.register(trained, ModelStatus.REJECTED, verdict.asMetrics(), reasons);
      rejectionsInARow++;
      challenger = rejectionsInARow >= RESET_AFTER_REJECTIONS ? null : trained;
      return ModelStatus.REJECTED;
    }
    rejectionsInARow = 0;
    challenger = trained;
    if (settings.challengerShare() > 0) {
      // an A/B split is configured: the share tells, and an operator promotes
      registry.register(trained, ModelStatus.CHALLENGER, verdict.asMetrics(), reasons);
      promotions.challengerChanged(trained.version());
      return ModelStatus.CHALLENGER;
    }
    registry.register(trained, ModelStatus.CHALLENGER, verdict.asMetrics(), reasons);
    promotions.promote(trained.version(), "passed the gate: " + reasons);
    lastPromotion = clock.instant();
    return ModelStatus.CHAMPION;
  }

  /** The registry's champion, when it is a network this trainer can continue. */
  private Optional<ModelArtifact> warmStartFromChampion() {
    return registry.champion()
        .flatMap(pointer -> registry.loadArtifact(pointer.version()))
        .filter(artifact -> architecture.equals(artifact.metadata().architecture()))
        .filter(artifact -> spec.fingerprint().equals(artifact.metadata().featureFingerprint()));
  }

  private void commit(int trainedRows, ModelStatus status, boolean requestedByMonitors) {
    Map<String, Long> counters = new HashMap<>(offset.counters());
    counters.merge("train_examples", (long) trainedRows, Long::sum);
    counters.merge("holdout_examples", holdoutSinceCommit, Long::sum);
    counters.merge("cycles", 1L, Long::sum);
    counters.merge(status.name().toLowerCase(), 1L, Long::sum);
    if (requestedByMonitors) {
      counters.merge("monitor_triggered", 1L, Long::sum);
    }
    StreamOffset next = new StreamOffset(STREAM, readTo, counters, clock.instant());
    offsets.save(next);
    offset = next;
    holdoutSinceCommit = 0;
  }

  private void replayAfter(List<TrainingExample> trained) {
    pending.clear();
    replay.clear();
    int from = Math.max(0, trained.size() - settings.replayExamples());
    replay.addAll(trained.subList(from, trained.size()));
  }

  /** The held-out rows before the evaluation slice: the first half stops early, the second calibrates. */
  private List<TrainingExample> olderHeldOut() {
    List<TrainingExample> rows = new ArrayList<>(holdout);
    return rows.subList(0, rows.size() - evaluationSize(rows.size()));
  }

  /**
   * The oldest held-out rows, their negatives kept as the join keeps training negatives: early
   * stopping measures the network's log-loss on the distribution it learns, as fitOnStream expects.
   * (Measured on all held-out rows instead, 4 of 12 challengers of a learning benchmark came back
   * with their parent's weights, no epoch having looked better: they ranked exactly as the
   * champion.) Disjoint from the calibration rows, so choosing the epoch and fitting the calibration
   * map never see the same row.
   */
  private List<TrainingExample> earlyStoppingSlice(double rate) {
    List<TrainingExample> older = olderHeldOut();
    List<TrainingExample> rows = new ArrayList<>();
    for (TrainingExample row : older.subList(0, older.size() / 2)) {
      if (row.label() == 1 || ExampleJoin.keepsNegative(row.requestId(), row.itemId(), rate)) {
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The rate the training rows' negatives were kept at, read from the rows ({@link NegativeRate}):
   * rows joined before the configured rate changed keep theirs, and all are brought to the lowest.
   * Today's configured rate only while no training negative is there.
   */
  private double negativeRate() {
    List<TrainingExample> rows = new ArrayList<>(replay.size() + pending.size());
    rows.addAll(replay);
    rows.addAll(pending);
    return NegativeRate.lowest(rows).orElse(settings.attribution().negativeRate());
  }

  /** The newer half of the older held-out rows, never downsampled: the calibration map's. */
  private List<TrainingExample> calibrationSlice() {
    List<TrainingExample> older = olderHeldOut();
    return older.subList(older.size() / 2, older.size());
  }

  /** The newest held-out rows: neither model was trained or calibrated on them. */
  private List<TrainingExample> evaluationSlice() {
    List<TrainingExample> rows = new ArrayList<>(holdout);
    return rows.subList(rows.size() - evaluationSize(rows.size()), rows.size());
  }

  private int evaluationSize(int heldOut) {
    return (int) Math.floor(heldOut * settings.evalShare());
  }

  private static boolean hasBothLabels(List<TrainingExample> rows) {
    boolean positive = false;
    boolean negative = false;
    for (TrainingExample row : rows) {
      positive |= row.label() == 1;
      negative |= row.label() == 0;
    }
    return positive && negative;
  }

  private static void keep(Deque<TrainingExample> window, TrainingExample row, int capacity) {
    window.addLast(row);
    while (window.size() > capacity) {
      window.removeFirst();
    }
  }
}
