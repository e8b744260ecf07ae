package io.persona.simulations.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.models.history.HistoryTraining;
import io.persona.models.history.InteractionWeights;
import io.persona.models.history.SharedIds;
import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.Interaction;
import io.persona.models.learning.InteractionMatrix;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.quality.HistoryEvent;
import io.persona.simulations.quality.OnlineRetail;
import io.persona.streams.learning.EmbeddingRetrainer.EmbeddingSettings;
import io.persona.streams.learning.HistorySettings;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The heap the learning jobs need for a history (issue 16, item 5; the soak's growing heap, issue
 * 15): a real history (Online Retail's purchases, ~400k events) fed to the two jobs that read every
 * interaction of the horizon, the way the interaction log's scan hands them over.
 *
 * <ul>
 *   <li><b>The history trainer's input</b>: every event added to a {@link HistoryTraining} (it keeps
 *   them for co-occurrence, popularity and the blend's measurement), with each id decoded afresh per
 *   event (as the scan passed them before) or through {@link SharedIds} (as it does now). Heap used
 *   after full GCs with the training held, minus before, per event; the median of 3 runs.</li>
 *   <li><b>The embedding retrainer's working set</b>: the events summed per user-item pair and ALS
 *   trained on them with the node's settings, as a list of {@link Interaction}s with maps of boxed sums
 *   (the retrainer before) or as an {@link InteractionMatrix} (now). A sampler thread runs a full GC
 *   every 50 ms during the job and keeps the largest heap used after one, minus the heap before the
 *   job: the job's peak live set. The job's time is measured in a separate run without the sampler;
 *   medians of 3.</li>
 * </ul>
 *
 * <p>Options: {@code -Dbench.out=simulations/results/learning-memory.json -Dbench.copies=1} (copies &gt; 1
 * repeat the history under new user ids, for a larger log).
 */
public final class LearningJobMemory {
  private static final int RUNS = 3;

  private LearningJobMemory() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(System.getProperty("bench.out", "simulations/results/learning-memory.json"));
    int copies = Integer.getInteger("bench.copies", 1);
    List<HistoryEvent> events = repeated(OnlineRetail.read(OnlineRetail.DEFAULT_FILE).events(), copies);
    Config config = ConfigFactory.load();
    HistorySettings history = HistorySettings.fromConfig(config);
    EmbeddingSettings embeddings = EmbeddingSettings.fromConfig(config,
        config.getInt("persona.ranking.features.embedding-dimension"));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "learning-job-memory");
    result.put("startedAt", java.time.Instant.now().toString());
    result.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"), "maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20));
    result.put("events", events.size());
    result.put("als", embeddings.als().toString());

    Map<String, Object> trainer = new LinkedHashMap<>();
    for (boolean shared : new boolean[] {false, true}) {
      long[] perEvent = new long[RUNS];
      for (int run = 0; run < RUNS; run++) {
        perEvent[run] = historyBytesPerEvent(events, history, shared);
      }
      String key = shared ? "idsShared" : "idsDecodedPerEvent";
      System.out.printf("History trainer's input, %s: %,d bytes per event (runs %s)%n", key, median(perEvent),
          Arrays.toString(perEvent));
      trainer.put(key + "BytesPerEventMedian", median(perEvent));
      trainer.put(key + "BytesPerEventRuns", perEvent);
    }
    result.put("historyTrainerInput", trainer);

    Map<String, Object> retrainer = new LinkedHashMap<>();
    for (boolean matrix : new boolean[] {false, true}) {
      String key = matrix ? "matrix" : "interactionList";
      Consumer<List<HistoryEvent>> job = matrix
          ? e -> retrainWithMatrix(e, history.weights(), embeddings)
          : e -> retrainWithList(e, history.weights(), embeddings);
      job.accept(events); // warm-up
      long[] peak = new long[RUNS];
      long[] millis = new long[RUNS];
      for (int run = 0; run < RUNS; run++) {
        long started = System.nanoTime();
        job.accept(events);
        millis[run] = (System.nanoTime() - started) / 1_000_000;
        peak[run] = peakLiveBytes(() -> job.accept(events));
      }
      System.out.printf("Embedding retrainer, %s: peak live %,d MB, %,d ms (runs %s MB, %s ms)%n", key,
          median(peak) >> 20, median(millis), Arrays.toString(Arrays.stream(peak).map(b -> b >> 20).toArray()),
          Arrays.toString(millis));
      retrainer.put(key + "PeakLiveBytesMedian", median(peak));
      retrainer.put(key + "PeakLiveBytesRuns", peak);
      retrainer.put(key + "MillisMedian", median(millis));
      retrainer.put(key + "MillisRuns", millis);
    }
    retrainer.put("pairs", matrixOf(events, history.weights(), embeddings).pairs());
    result.put("embeddingRetrainer", retrainer);

    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    System.out.println("Wrote " + out);
  }

  /** The history {@code copies} times, each copy's users renamed: a larger log with the same shape. */
  private static List<HistoryEvent> repeated(List<HistoryEvent> events, int copies) {
    if (copies <= 1) {
      return events;
    }
    List<HistoryEvent> all = new ArrayList<>(events.size() * copies);
    for (int c = 0; c < copies; c++) {
      for (HistoryEvent e : events) {
        all.add(c == 0 ? e : new HistoryEvent(e.userId() + "~" + c, e.itemId(), e.type(), e.timestamp(), e.value()));
      }
    }
    return all;
  }

  /** The event as the scan passes it: every id a new string (as a driver decodes it), or shared. */
  private static io.persona.models.history.HistoryEvent scanned(HistoryEvent e, long n, SharedIds ids) {
    String eventId = "event-" + n;
    String userId = new String(e.userId().toCharArray());
    String itemId = new String(e.itemId().toCharArray());
    String type = new String(e.type().toCharArray());
    java.time.Instant time = java.time.Instant.ofEpochSecond(e.timestamp().getEpochSecond(), e.timestamp().getNano());
    return ids == null ? new io.persona.models.history.HistoryEvent(eventId, userId, itemId, type, e.value(), time)
        : ids.event(eventId, userId, itemId, type, e.value(), time);
  }

  private static long historyBytesPerEvent(List<HistoryEvent> events, HistorySettings history, boolean shared)
      throws InterruptedException {
    long before = UserStateFootprint.usedAfterGc();
    HistoryTraining training = new HistoryTraining(history.training(), history.weights());
    SharedIds ids = shared ? new SharedIds() : null;
    long n = 0;
    for (HistoryEvent e : events) {
      training.add(scanned(e, n++, ids));
    }
    ids = null; // the scan's pool ends with the scan
    long after = UserStateFootprint.usedAfterGc();
    Reference.reachabilityFence(training);
    return (after - before) / Math.max(1, training.interactions());
  }

  /** The retrainer's aggregation and ALS before this change (its lines as they were at c01af52). */
  private static Factors retrainWithList(List<HistoryEvent> events, InteractionWeights weights,
                                         EmbeddingSettings settings) {
    Map<String, Map<String, Double>> strengths = new HashMap<>();
    long n = 0;
    for (HistoryEvent e : events) {
      io.persona.models.history.HistoryEvent event = scanned(e, n++, null);
      double weight = weights.weightOf(event);
      if (weight > 0) {
        strengths.computeIfAbsent(event.userId(), u -> new HashMap<>()).merge(event.itemId(), weight, Double::sum);
      }
    }
    List<Interaction> pairs = new ArrayList<>();
    strengths.forEach((user, items) -> items.forEach((item, strength) ->
        pairs.add(new Interaction(user, item, settings.strengthScale().apply(strength)))));
    return ImplicitAls.train(pairs, settings.als(), Map.of());
  }

  /** The retrainer now: summed while paging into an {@link InteractionMatrix}. */
  private static Factors retrainWithMatrix(List<HistoryEvent> events, InteractionWeights weights,
                                           EmbeddingSettings settings) {
    return ImplicitAls.train(matrixOf(events, weights, settings), settings.als(), Map.of());
  }

  private static InteractionMatrix matrixOf(List<HistoryEvent> events, InteractionWeights weights,
                                                       EmbeddingSettings settings) {
    InteractionMatrix.Builder builder = InteractionMatrix.builder();
    SharedIds ids = new SharedIds();
    long n = 0;
    for (HistoryEvent e : events) {
      io.persona.models.history.HistoryEvent event = scanned(e, n++, ids);
      double weight = weights.weightOf(event);
      if (weight > 0) {
        builder.add(event.userId(), event.itemId(), weight);
      }
    }
    return builder.build(settings.strengthScale()::apply);
  }

  /** The largest heap used after a full GC while {@code job} runs, minus the heap used before it. */
  private static long peakLiveBytes(Runnable job) throws InterruptedException {
    long before = UserStateFootprint.usedAfterGc();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      Runtime runtime = Runtime.getRuntime();
      while (!done.get()) {
        System.gc();
        peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "live-set-sampler");
    sampler.start();
    try {
      job.run();
    } finally {
      done.set(true);
      sampler.join();
    }
    return Math.max(0, peak.get() - before);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
