package io.persona.streams.learning;

import ai.djl.MalformedModelException;
import io.persona.actors.model.ModelHolder;
import io.persona.actors.model.ModelPromotions;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.learning.NegativeRate;
import io.persona.models.learning.TrainingExample;
import io.persona.models.learning.TrainingExamples;
import io.persona.models.ranking.PopularityRanker;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a challenger copy of the ranker on examples as the join produces them: each cycle reads
 * the new examples into the {@link TrainingWindow}, and once enough training rows arrived, trains
 * the challenger on them (plus a replay of recent rows) warm-started from itself (at first from
 * the champion), calibrates it on older held-out rows, has it reviewed against the champion on the
 * newest held-out rows, and hands the verdict to {@link ChallengerSettlement} (registered; promoted,
 * served to the A/B share, or rejected with the gate's reasons).
 *
 * <p>The stored offset moves when a cycle trained, and while none trains once the new rows held
 * pass their capacity: rows read after it are read again after a restart, and the stored counters
 * say how many rows of each kind were used (new rows trained, held-out rows, new rows moved to the
 * replay untrained), so a restart double-counts nothing; rows held before the offset come back as
 * the replay. The serving model is never trained: the
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
  private final ChallengerSettlement settlement;
  private final RankerFitting fitting;
  private final NetworkArchitecture architecture;
  private final FeatureSpec spec;
  private final ModelHolder champion;
  private final LearningSettings settings;
  private final TrainingMonitors monitors;
  private final LoggedRankers loggedModels;
  private final Clock clock;
  private final TrainingWindow window;

  private StreamOffset offset; // null until loaded, and again after a failure
  private Instant readTo;
  private ModelArtifact challenger;
  private int rejectionsInARow;
  /**
   * The model that served when the monitors were last read: its version, or just its kind for the
   * popularity fallback, which is rebuilt under a new version every 30 s but is the same model.
   */
  private String servingModel = "";
  /**
   * The serving model a cycle the monitors asked for was last run for. They ask once per serving
   * model: a drift or calibration gap lasts until another model serves, and asking again every
   * cycle would train one on each few new rows (min-new-share waived) for the gate to refuse again.
   */
  private String requestedFor = "";
  /** The serving model the monitors' request was last logged for. */
  private String announcedFor = "";
  /** Whether the last cycle found too few clicks to be judged (logged once when it starts). */
  private boolean waitingForPositives;
  private long otherSpecRows;
  /** When this trainer last promoted a champion; none since it started. */
  private Instant lastPromotion = Instant.MIN;
  /** The rows the champion this trainer promoted was trained on: the drift monitor's reference. */
  private TrainedOn promotedReference;

  /** A model's version and the rows (as weighted for training) it was trained on. */
  private record TrainedOn(String version, List<TrainingExample> rows) {}

  public ChallengerTrainer(TrainingExampleRepository examples, StreamOffsetRepository offsets,
                           ModelRegistryRepository registry, ChallengerReview review, RankerFitting fitting,
                           NetworkArchitecture architecture, FeatureSpec spec, ModelHolder champion,
                           ModelPromotions promotions, LearningSettings settings, TrainingMonitors monitors,
                           LoggedRankers loggedModels, Clock clock) {
    this.examples = examples;
    this.offsets = offsets;
    this.registry = registry;
    this.review = review;
    this.settlement = new ChallengerSettlement(registry, promotions, settings.challengerShare(),
        settings.rejectedArtifactsKept());
    this.fitting = fitting;
    this.architecture = architecture;
    this.spec = spec;
    this.champion = champion;
    this.settings = settings;
    this.monitors = monitors;
    this.loggedModels = loggedModels;
    this.clock = clock;
    this.window = new TrainingWindow(settings);
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
      boolean requested = monitor().retrainNow() && !servingModel.equals(requestedFor);
      if (!readyToTrain(requested)) {
        commitIfFull();
        return Optional.empty();
      }
      Cycle cycle = trainAndReview(requested && window.pendingRows() < newRowsNeeded());
      if (requested) {
        requestedFor = servingModel; // answered, by this cycle, whether or not it needed the request
      }
      return Optional.of(cycle);
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
    window.clear();
    offset = offsets.load(STREAM).orElseGet(this::freshOffset);
    readTo = offset.offset();
    // refill the windows from the rows just before the offset: a restarted trainer can evaluate at once
    for (TrainingExample row : examples.read(readTo.minus(settings.startLookback()), readTo)) {
      if (ofRunningSpec(row)) {
        window.refill(row);
      }
    }
    log.info("Trainer resumes at {}: {} replay rows, {} held-out rows", readTo, window.replayRows(),
        window.heldOutRows());
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
      if (ofRunningSpec(row)) {
        window.add(row);
      }
    }
    readTo = joined.get();
    return true;
  }

  /** Skew, drift and calibration on the newest rows; stored for every node's status page. */
  private TrainingMonitors.Report monitor() {
    TrainingMonitors.Report report;
    try (ModelHolder.Lease serving = champion.acquire()) {
      String version = serving.ranker().metadata().version();
      String kind = serving.ranker().metadata().kind();
      servingModel = PopularityRanker.KIND.equals(kind) ? kind : version;
      report = monitors.measure(driftReference(version), window.evaluationSlice(), serving.ranker(), loggedModels);
    }
    offsets.save(new StreamOffset(TrainingMonitors.STREAM, readTo, report.asCounters(), clock.instant()));
    LearningTelemetry.monitored(report.predictedCtr(), report.observedCtr(), report.maxPsi(), report.skewMismatchRate(),
        report.rows());
    if (report.retrainNow() && !servingModel.equals(announcedFor)) {
      announcedFor = servingModel; // once per serving model: the gap lasts until another one serves
      log.info("Monitors ask for training now: max PSI {} ({}), predicted CTR {} vs observed {}", report.maxPsi(),
          report.driftedFeature(), report.predictedCtr(), report.observedCtr());
    }
    return report;
  }

  /**
   * What the newest held-out rows are compared with for drift: the rows the serving model was
   * trained on, when this trainer promoted it (the question is whether today's traffic still looks
   * like what the serving model learned from); otherwise (after a restart, or a champion an
   * operator promoted) the rows the next challenger would train on.
   */
  private List<TrainingExample> driftReference(String servingVersion) {
    if (promotedReference != null && promotedReference.version().equals(servingVersion)) {
      return promotedReference.rows();
    }
    return window.trainingRows();
  }

  private boolean readyToTrain(boolean requested) {
    if (clock.instant().isBefore(lastPromotion.plus(settings.promotionCooldown()))) {
      // A new champion serves for a while before it is challenged: its own held-out rows come in
      // (the skew monitor re-scores those), and the gate is not re-run every few seconds on
      // overlapping slices until chance lets a challenger through.
      return false;
    }
    int needed = requested ? Math.min(MIN_REQUESTED_TRAIN_EXAMPLES, settings.minTrainExamples()) : newRowsNeeded();
    if (window.pendingRows() < needed || !window.slicesReady(settings.gate().minExamples())) {
      return false;
    }
    long positives = window.evaluationPositives();
    boolean enoughPositives = positives >= settings.gate().minPositives();
    if (!enoughPositives && !waitingForPositives) {
      // the gate would refuse any challenger for too few positives: training one costs a run and
      // registers an artifact for nothing (a soak at a 0.3 % click rate trained one every cycle)
      log.info("Trainer waits for clicks: the evaluation slice holds {} of the {} positives the gate needs",
          positives, settings.gate().minPositives());
    }
    waitingForPositives = !enoughPositives;
    return enoughPositives;
  }

  /** New training rows a cycle waits for (unless the monitors ask for one): see {@link TrainingWindow#newRowsNeeded}. */
  private int newRowsNeeded() {
    return window.newRowsNeeded(settings.minTrainExamples(), settings.minNewShare());
  }

  private Cycle trainAndReview(boolean requestedByMonitors) {
    double negativeRate = window.negativeRate();
    List<TrainingExample> rows = window.trainingRows();
    List<TrainingExample> train = NegativeRate.drawnAt(rows, negativeRate);
    List<TrainingExample> evaluation = window.evaluationSlice();
    Instant now = clock.instant();
    String version = architecture.kind() + "-" + VERSION_TIME.format(now);
    ModelArtifact parent = challenger != null ? challenger : warmStartFromChampion().orElse(null);
    ModelLineage lineage = new ModelLineage(version, parent, rows.get(0).servedAt(), readTo);

    ModelArtifact trained;
    try {
      // each row at the slot it was shown in: the network learns position apart from the item
      trained = fitting.fitOnStream(architecture, TrainingExamples.asShown(train, spec),
          TrainingExamples.asShown(window.earlyStoppingSlice(negativeRate), spec),
          TrainingExamples.asShown(window.calibrationSlice(), spec), negativeRate, lineage);
    } catch (MalformedModelException e) {
      throw new IllegalStateException("could not warm-start from " + parent.version(), e);
    }

    ChallengerReview.Review verdict;
    try (Ranker candidate = Rankers.load(trained, spec); ModelHolder.Lease serving = champion.acquire()) {
      verdict = review.review(candidate, serving.ranker(), evaluation);
    }
    ModelStatus status = settlement.settle(trained, verdict);
    nextParent(trained, status);
    if (status == ModelStatus.CHAMPION) {
      promotedReference = new TrainedOn(trained.version(), List.copyOf(train));
    }
    int newRows = window.pendingRows();
    commit(newRows, status, requestedByMonitors);
    LearningTelemetry.cycle(status.name());
    log.info("Challenger {} trained on {} rows ({} new), evaluated on {}: {} ({})", version, train.size(),
        newRows, evaluation.size(), status, String.join("; ", verdict.decision().reasons()));
    window.trained(train);
    return new Cycle(version, train.size(), evaluation.size(), status, verdict);
  }

  /**
   * The next challenger continues from this one, unless the gate refused several in a row: then it
   * starts again from the champion, so one bad lineage does not go on being refused forever.
   */
  private void nextParent(ModelArtifact trained, ModelStatus status) {
    if (status == ModelStatus.REJECTED) {
      rejectionsInARow++;
      challenger = rejectionsInARow >= RESET_AFTER_REJECTIONS ? null : trained;
      return;
    }
    rejectionsInARow = 0;
    challenger = trained;
    if (status == ModelStatus.CHAMPION) {
      lastPromotion = clock.instant();
    }
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
    counters.merge("holdout_examples", window.heldOutSinceCommit(), Long::sum);
    counters.merge("moved_to_replay_untrained", window.movedToReplaySinceCommit(), Long::sum);
    counters.merge("cycles", 1L, Long::sum);
    counters.merge(status.name().toLowerCase(), 1L, Long::sum);
    if (requestedByMonitors) {
      counters.merge("monitor_triggered", 1L, Long::sum);
    }
    StreamOffset next = new StreamOffset(STREAM, readTo, counters, clock.instant());
    offsets.save(next);
    offset = next;
  }

  /**
   * While no cycle trains (too few clicks, a cooldown), the offset still moves once the new rows
   * held pass their capacity: a restart then reads from here, not every row since the last cycle
   * that trained (which could be days of rows), and refills the rows just before as the replay.
   */
  private void commitIfFull() {
    long moved = window.movedToReplaySinceCommit();
    if (moved == 0) {
      return;
    }
    Map<String, Long> counters = new HashMap<>(offset.counters());
    counters.merge("holdout_examples", window.heldOutSinceCommit(), Long::sum);
    counters.merge("moved_to_replay_untrained", moved, Long::sum);
    StreamOffset next = new StreamOffset(STREAM, readTo, counters, clock.instant());
    offsets.save(next);
    offset = next;
    window.committedWithoutTraining();
  }

  /**
   * Rows logged under another feature spec (before an upgrade changed the features) cannot be
   * trained on or judged with: the same column would mean something else. They are passed over,
   * counted, and age out of the log.
   */
  private boolean ofRunningSpec(TrainingExample row) {
    if (spec.fingerprint().equals(row.featureFingerprint())) {
      return true;
    }
    if (otherSpecRows++ % 10_000 == 0) {
      log.info("Passing over training rows of feature spec {} (this node runs {}): {} so far",
          row.featureFingerprint(), spec.fingerprint(), otherSpecRows);
    }
    return false;
  }
}
