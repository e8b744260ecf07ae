package io.persona.streams.learning;

import io.persona.models.learning.ExampleJoin;
import io.persona.models.learning.NegativeRate;
import io.persona.models.learning.TrainingExample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The joined rows the trainer holds between cycles, and the slices it cuts from them. Training
 * rows are the new ones not trained on yet plus a replay of the newest rows trained on; held-out
 * rows (never trained on) are a sliding window cut by age into three disjoint slices:
 *
 * <pre>
 *   oldest ─ early stopping │ calibration │ evaluation ─ newest
 * </pre>
 *
 * so choosing the epoch, fitting the calibration map and judging the challenger never see the
 * same row, and the judgement is on the newest behaviour. The evaluation is the newest
 * {@code eval-share} of the held-out rows, grown toward older rows until it holds the gate's
 * {@code min-positives} clicks (at most {@link #MAX_EVALUATION_SHARE} of the rows): the gate's power
 * lies in its positives, and a fixed number of rows holds too few of them at a low click rate.
 */
final class TrainingWindow {
  /** The evaluation may grow to this share of the held-out rows; early stopping and calibration keep the rest. */
  static final double MAX_EVALUATION_SHARE = 0.8;
  private final int replayCapacity;
  /** New rows kept while no cycle trains on them (no clicks, a cooldown): the oldest move into the replay. */
  private final int pendingCapacity;
  private final long evaluationPositives;
  private final int holdoutCapacity;
  private final double evalShare;
  private final double configuredNegativeRate;
  private final Deque<TrainingExample> pending = new ArrayDeque<>();
  private final Deque<TrainingExample> replay = new ArrayDeque<>();
  private final Deque<TrainingExample> holdout = new ArrayDeque<>();
  private long heldOutSinceCommit;
  private long movedToReplaySinceCommit;

  TrainingWindow(LearningSettings settings) {
    this.replayCapacity = settings.replayExamples();
    this.pendingCapacity = Math.max(settings.replayExamples(), settings.minTrainExamples());
    this.holdoutCapacity = settings.holdoutExamples();
    this.evalShare = settings.evalShare();
    this.evaluationPositives = settings.gate().minPositives();
    this.configuredNegativeRate = settings.attribution().negativeRate();
  }

  void clear() {
    pending.clear();
    replay.clear();
    holdout.clear();
    heldOutSinceCommit = 0;
    movedToReplaySinceCommit = 0;
  }

  /** A row from before the stored offset: it refills the windows but is not new. */
  void refill(TrainingExample row) {
    if (row.holdout()) {
      keep(holdout, row, holdoutCapacity);
    } else {
      keep(replay, row, replayCapacity);
    }
  }

  /** A row the join added since the last read. */
  void add(TrainingExample row) {
    if (row.holdout()) {
      keep(holdout, row, holdoutCapacity);
      heldOutSinceCommit++;
    } else {
      pending.add(row);
      if (pending.size() > pendingCapacity) {
        // still trained on (the replay is), just no longer counted as new: while no cycle trains,
        // the rows held stay bounded by the replay and this capacity
        keep(replay, pending.removeFirst(), replayCapacity);
        movedToReplaySinceCommit++;
      }
    }
  }

  /** New training rows not trained on yet. */
  int pendingRows() {
    return pending.size();
  }

  /**
   * New training rows a cycle waits for: {@code minRows}, and at least {@code minShare} of the rows
   * replayed with them. Under light traffic a challenger every cycle would be trained on nearly the
   * rows of the one before (a soak: 500 new of 21,000, every 12 s), cost a training run each time
   * and be judged again on a nearly unchanged slice; a new window (no replay yet) needs only
   * {@code minRows}.
   */
  int newRowsNeeded(int minRows, double minShare) {
    return Math.max(minRows, (int) Math.ceil(minShare * replay.size()));
  }

  int replayRows() {
    return replay.size();
  }

  int heldOutRows() {
    return holdout.size();
  }

  /** Held-out rows added since the last {@link #trained}, for the stored counters. */
  long heldOutSinceCommit() {
    return heldOutSinceCommit;
  }

  /** New rows moved to the replay untrained, past the capacity for new rows, since the last commit. */
  long movedToReplaySinceCommit() {
    return movedToReplaySinceCommit;
  }

  /** The trainer stored its offset without training: the counts since a commit start again. */
  void committedWithoutTraining() {
    heldOutSinceCommit = 0;
    movedToReplaySinceCommit = 0;
  }

  /** The replay followed by the new rows: what a challenger trains on, before thinning. */
  List<TrainingExample> trainingRows() {
    List<TrainingExample> rows = new ArrayList<>(replay.size() + pending.size());
    rows.addAll(replay);
    rows.addAll(pending);
    return rows;
  }

  /**
   * The rate the training rows' negatives were kept at, read from the rows ({@link NegativeRate}):
   * rows joined before the configured rate changed keep theirs, and all are brought to the lowest.
   * Today's configured rate only while no training negative is there.
   */
  double negativeRate() {
    return NegativeRate.lowest(trainingRows()).orElse(configuredNegativeRate);
  }

  /**
   * The oldest held-out rows, their negatives kept as the join keeps training negatives: early
   * stopping measures the network's log-loss on the distribution it learns, as fitOnStream expects.
   * (Measured on all held-out rows instead, 4 of 12 challengers of a learning benchmark came back
   * with their parent's weights, no epoch having looked better: they ranked exactly as the
   * champion.)
   */
  List<TrainingExample> earlyStoppingSlice(double rate) {
    List<TrainingExample> older = olderHeldOut();
    List<TrainingExample> rows = new ArrayList<>();
    for (TrainingExample row : older.subList(0, older.size() / 2)) {
      if (row.label() == 1 || ExampleJoin.keepsNegative(row.requestId(), row.itemId(), rate)) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** The newer half of the older held-out rows, never downsampled: the calibration map's. */
  List<TrainingExample> calibrationSlice() {
    List<TrainingExample> older = olderHeldOut();
    return older.subList(older.size() / 2, older.size());
  }

  /** The newest held-out rows: neither model was trained or calibrated on them. */
  List<TrainingExample> evaluationSlice() {
    List<TrainingExample> rows = new ArrayList<>(holdout);
    return rows.subList(rows.size() - evaluationSize(rows), rows.size());
  }

  /** Clicks in the evaluation slice: the gate judges no challenger on fewer than its {@code min-positives}. */
  long evaluationPositives() {
    return evaluationSlice().stream().filter(row -> row.label() == 1).count();
  }

  /** Whether every slice a cycle needs holds both labels and the evaluation at least this many rows. */
  boolean slicesReady(long minEvaluationRows) {
    List<TrainingExample> evaluation = evaluationSlice();
    return evaluation.size() >= minEvaluationRows && hasBothLabels(earlyStoppingSlice(negativeRate()))
        && hasBothLabels(calibrationSlice()) && hasBothLabels(evaluation);
  }

  /** After a cycle trained on {@code trained}: its newest rows become the replay, nothing is pending. */
  void trained(List<TrainingExample> trained) {
    pending.clear();
    replay.clear();
    int from = Math.max(0, trained.size() - replayCapacity);
    replay.addAll(trained.subList(from, trained.size()));
    heldOutSinceCommit = 0;
    movedToReplaySinceCommit = 0;
  }

  private List<TrainingExample> olderHeldOut() {
    List<TrainingExample> rows = new ArrayList<>(holdout);
    return rows.subList(0, rows.size() - evaluationSize(rows));
  }

  /** The newest eval-share of {@code rows}, and older ones too while it holds fewer positives than the gate needs. */
  private int evaluationSize(List<TrainingExample> rows) {
    int heldOut = rows.size();
    int size = (int) Math.floor(heldOut * evalShare);
    int cap = Math.max(size, (int) Math.floor(heldOut * MAX_EVALUATION_SHARE));
    long positives = 0;
    for (int i = heldOut - size; i < heldOut; i++) {
      positives += rows.get(i).label() == 1 ? 1 : 0;
    }
    while (positives < evaluationPositives && size < cap) {
      size++;
      positives += rows.get(heldOut - size).label() == 1 ? 1 : 0;
    }
    return size;
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
