package io.persona.streams.learning;

import io.persona.streams.learning.LearningTelemetry;
import io.persona.models.learning.AttributionSettings;
import io.persona.models.learning.ExampleJoin;
import io.persona.models.learning.JoinCounts;
import io.persona.models.learning.JoinResult;
import io.persona.models.learning.Outcome;
import io.persona.models.learning.TrainingExample;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.learning.OutcomeLogRepository;
import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.persistence.learning.TrainingExampleRepository;
import io.persona.persistence.predictions.PredictionLogRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns served slates and their outcomes into training examples, one closed interval of serving
 * time after another. An interval [from, to) is closed once every outcome that could answer its
 * slates has been recorded: at to + attribution window + lateness. A step reads the interval's
 * slates (and the window before it, for last-touch attribution), the outcomes recorded up to a
 * window after it, writes the examples (idempotent upserts) and only then stores the new offset
 * with the interval's counts, in one row. A crash between the two re-runs the interval on restart:
 * the same examples are rewritten under the same keys and the counts were never stored, so
 * nothing is lost and nothing counted twice.
 */
public final class ExampleJoiner {
  public static final String STREAM = "example-join";
  private static final int WRITE_CHUNK = 200;
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final TrainingExampleRepository examples;
  private final StreamOffsetRepository offsets;
  private final ExampleJoin join;
  private final LearningSettings settings;
  private final Clock clock;
  private StreamOffset offset; // null until loaded, and again after a failure
  /** The slates and outcomes of the last step's windows: each step reads only what is new. */
  private final SlidingLogWindow<ServedSlate> servedWindow;
  private final SlidingLogWindow<Outcome> outcomeWindow;

  public ExampleJoiner(PredictionLogRepository slates, OutcomeLogRepository outcomes,
                       TrainingExampleRepository examples, StreamOffsetRepository offsets,
                       LearningSettings settings, Clock clock) {
    this.examples = examples;
    this.offsets = offsets;
    this.join = new ExampleJoin(settings.attribution());
    this.servedWindow = new SlidingLogWindow<>(slates::read, ServedSlate::servedAt, ExampleJoiner::withoutFeatures);
    this.outcomeWindow = new SlidingLogWindow<>(outcomes::read, Outcome::recordedAt, outcome -> outcome);
    this.settings = settings;
    this.clock = clock;
  }

  /** One joined interval. */
  public record Step(Instant from, Instant to, JoinCounts counts, Map<String, Long> variantCounts) {}

  /** Joins every interval closed by now, oldest first. Blocking. */
  public List<Step> catchUp() {
    List<Step> steps = new ArrayList<>();
    // Fixed for the whole call: a horizon read again after each step has moved on by the step's own
    // duration, so the loop would never catch up and would step (and query) without pause.
    Instant horizon = clock.instant().minus(settings.attribution().window()).minus(settings.lateness());
    try {
      while (true) {
        StreamOffset current = offset();
        if (!current.offset().isBefore(horizon)) {
          return steps;
        }
        Instant to = min(horizon, current.offset().plus(settings.maxStep()));
        steps.add(step(current, to));
      }
    } catch (RuntimeException e) {
      offset = null; // reload what was really stored before the next try
      servedWindow.forget();
      outcomeWindow.forget();
      throw e;
    }
  }

  /** The stored offset, or a fresh one {@code start-lookback} ago. */
  public StreamOffset offset() {
    if (offset == null) {
      offset = offsets.load(STREAM).orElseGet(() -> {
        Instant start = clock.instant().minus(settings.startLookback());
        return new StreamOffset(STREAM, start, Map.of(ORIGIN, start.toEpochMilli()), clock.instant());
      });
      report(offset);
    }
    return offset;
  }

  /** The counter holding where a fresh loop started (epoch millis): examples before it were never joined. */
  public static final String ORIGIN = "origin_epoch_ms";

  private Step step(StreamOffset current, Instant to) {
    Instant from = current.offset();
    AttributionSettings attribution = settings.attribution();
    // wider than the interval: the slates and outcomes that decide what happened to its own
    // (the interval's closing horizon covers the latest of these reads)
    long slatesReadBefore = servedWindow.rowsRead();
    long outcomesReadBefore = outcomeWindow.rowsRead();
    // the interval's own slates read again, whole: only they become examples (with their features)
    List<ServedSlate> served = servedWindow.read(attribution.slatesFrom(from), attribution.slatesUntil(to), from, to);
    List<Outcome> answered = outcomeWindow.read(attribution.outcomesFrom(from), attribution.outcomesUntil(to));
    JoinResult result = join.join(served, answered, from, to);
    write(result.examples());

    Map<String, Long> variantCounts = variantCounts(served, result.examples(), from, to);
    Map<String, Long> counters = new HashMap<>(current.counters());
    result.counts().asMap().forEach((name, n) -> counters.merge(name, n, Long::sum));
    variantCounts.forEach((name, n) -> counters.merge(name, n, Long::sum));
    counters.merge("examples_written", (long) result.examples().size(), Long::sum);
    // what the store was asked for: with the sliding windows about one step's worth, not the windows
    counters.merge("slates_read", servedWindow.rowsRead() - slatesReadBefore, Long::sum);
    counters.merge("outcomes_read", outcomeWindow.rowsRead() - outcomesReadBefore, Long::sum);
    StreamOffset next = new StreamOffset(STREAM, to, counters, clock.instant());
    offsets.save(next);
    offset = next;
    report(next);
    return new Step(from, to, result.counts(), variantCounts);
  }

  /**
   * Impressions and positives per serving variant, before any downsampling (every positive is
   * kept, so positives are counted from the examples): the inputs of the A/B comparison.
   */
  private static Map<String, Long> variantCounts(List<ServedSlate> served, List<TrainingExample> joined,
                                                 Instant from, Instant to) {
    Map<String, Long> counts = new HashMap<>();
    for (ServedSlate slate : served) {
      if (!slate.servedAt().isBefore(from) && slate.servedAt().isBefore(to)) {
        counts.merge(variantKey(slate.variant(), "impressions"), (long) slate.items().size(), Long::sum);
      }
    }
    for (TrainingExample example : joined) {
      if (example.label() == 1) {
        counts.merge(variantKey(example.variant(), "positives"), 1L, Long::sum);
      }
    }
    return counts;
  }

  public static String variantKey(String variant, String what) {
    return "variant." + variant + "." + what;
  }

  /** Impressions and positives of one serving variant, summed over every joined interval. */
  public record VariantTotals(long impressions, long positives) {}

  /** The per-variant totals among a join offset's counters (those {@link #variantKey} names), by variant. */
  public static Map<String, VariantTotals> variantTotals(Map<String, Long> counters) {
    Map<String, long[]> sums = new TreeMap<>();
    counters.forEach((name, n) -> {
      if (name.startsWith("variant.") && name.endsWith(".impressions")) {
        sums.computeIfAbsent(name.substring(8, name.length() - 12), v -> new long[2])[0] = n;
      } else if (name.startsWith("variant.") && name.endsWith(".positives")) {
        sums.computeIfAbsent(name.substring(8, name.length() - 10), v -> new long[2])[1] = n;
      }
    });
    Map<String, VariantTotals> totals = new TreeMap<>();
    sums.forEach((variant, n) -> totals.put(variant, new VariantTotals(n[0], n[1])));
    return totals;
  }

  /** Online CTR per variant as metrics, from the stored totals (so a restarted loop reports them at once). */
  private static void report(StreamOffset offset) {
    variantTotals(offset.counters()).forEach((variant, n) ->
        LearningTelemetry.variant(variant, n.impressions(), n.positives()));
  }

  private void write(List<TrainingExample> rows) {
    for (int from = 0; from < rows.size(); from += WRITE_CHUNK) {
      List<TrainingExample> chunk = rows.subList(from, Math.min(rows.size(), from + WRITE_CHUNK));
      try {
        examples.writeAll(chunk).toCompletableFuture().get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing training examples", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("could not write training examples: " + e.getMessage(), e);
      }
    }
  }

  private static final float[] NO_DENSE = new float[0];
  private static final long[] NO_SPARSE = new long[0];

  /**
   * A slate as held for other intervals' attribution (which reads its user, time and items, never
   * its features): without the feature vectors, ~10 KB less per slate of the 3-window context.
   */
  static ServedSlate withoutFeatures(ServedSlate slate) {
    List<ServedItem> items = new ArrayList<>(slate.items().size());
    for (ServedItem item : slate.items()) {
      items.add(new ServedItem(item.itemId(), item.position(), item.source(), item.rawScore(), item.calibratedScore(),
          item.propensity(), NO_DENSE, NO_SPARSE));
    }
    return new ServedSlate(slate.requestId(), slate.userId(), slate.servedAt(), slate.modelVersion(), slate.modelKind(),
        slate.variant(), slate.featureFingerprint(), items, slate.rules());
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
