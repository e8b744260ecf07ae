package io.persona.simulations.quality.served;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.quality.Evaluator;
import io.persona.simulations.quality.Interactions;
import io.persona.simulations.quality.SeenPolicy;
import io.persona.simulations.quality.TestCase;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a {@link ReplayPlan} against the node under test: the catalog, the history by bulk import
 * (its timestamps shifted), a wait until the node has trained on it, then the steps in order, live
 * events and asks, each test user asked once per seen policy. Keeps every served list as dataset
 * item numbers, for the evaluator, and where its slots came from.
 */
final class Replay {
  private static final int IMPORT_CHUNK = 5000;
  /**
   * Import requests in flight, each for its own users: a user's events always go in time order, one
   * request after the other, so the node sees every user's history in the order it happened.
   */
  private static final int IMPORT_LANES = 4;
  private static final int ITEM_CHUNK = 1000;
  /** Consecutive asks (all of leave-last-out's) go out this many at a time. */
  private static final int ASK_THREADS = 4;

  private final NodeApi api;
  private final Interactions data;
  private final List<TestCase> cases;
  private final TimeShift shift;
  private final PrintStream log;
  private final Map<String, Integer> itemNumbers = new HashMap<>();
  private final boolean uuidIds;

  Replay(NodeApi api, Interactions data, List<TestCase> cases, TimeShift shift, boolean uuidIds, PrintStream log) {
    this.api = api;
    this.uuidIds = uuidIds;
    this.data = data;
    this.cases = cases;
    this.shift = shift;
    this.log = log;
    List<String> ids = data.itemIds();
    for (int i = 0; i < ids.size(); i++) {
      itemNumbers.put(ids.get(i), i);
    }
  }

  /**
   * What a replay sent, how the node took it, and the lists it served (per seen policy, by case): as
   * served ({@code order=ranked}) and in the retrieval-only order of the same candidates
   * ({@code order=retrieval}), asked at the same moment.
   */
  record Result(Figures figures, TrainingWait.State training, Map<SeenPolicy, List<int[]>> lists,
                Map<SeenPolicy, List<int[]>> retrievalLists, List<int[]> defaultLists,
                Map<SeenPolicy, SourceTally> tallies) {}

  /** Counts and durations of each phase. */
  record Figures(long items, long itemsRefused, long imported, long importDuplicates, long importRefused,
                 double importSeconds, long livePosted, long liveAccepted, long liveRefused, double liveSeconds,
                 long asks, long askFailures, double askSeconds) {}

  Result run(ReplayPlan plan, ItemAttributes attributes, ServedOptions options)
      throws IOException, InterruptedException {
    NodeApi.Counts items = importItems(attributes);
    log.printf("  imported %,d items (%,d refused)%n", items.accepted(), items.refused());

    long started = System.nanoTime();
    boolean posted = options.ingest().equals(ServedOptions.INGEST_LIVE);
    NodeApi.Counts imported = posted ? postInTimeOrder(plan.imported()) : importEvents(plan.imported());
    Instant importedAt = Instant.now();
    double importSeconds = (System.nanoTime() - started) / 1e9;
    log.printf("  %s %,d events in %.0f s (%,.0f/s): %,d accepted, %,d duplicates, %,d refused%n",
        posted ? "posted (POST /v1/events, in time order)" : "imported", plan.imported().length, importSeconds,
        plan.imported().length / importSeconds, imported.accepted(), imported.duplicates(), imported.refused());

    long teaching = Arrays.stream(plan.imported())
        .filter(e -> TrainingWait.TEACHING_TYPES.contains(data.event(e).type())).count();
    long expected = Math.max(0, teaching - imported.refused());
    TrainingWait.State training;
    if (options.askAfter() != null) {
      // a user who does not watch the node: ask after a fixed wait, report how far training got
      Thread.sleep(options.askAfter().toMillis());
      log.printf("  asking %d s after the history was sent%n", options.askAfter().toSeconds());
      training = TrainingWait.await(api, expected, importedAt, Duration.ZERO, log);
    } else {
      training = TrainingWait.await(api, expected, importedAt, options.trainingTimeout(), log);
    }

    Map<SeenPolicy, List<int[]>> lists = new EnumMap<>(SeenPolicy.class);
    Map<SeenPolicy, List<int[]>> retrievalLists = new EnumMap<>(SeenPolicy.class);
    Map<SeenPolicy, SourceTally> tallies = new EnumMap<>(SeenPolicy.class);
    for (SeenPolicy seen : SeenPolicy.values()) {
      lists.put(seen, new ArrayList<>(Collections.nCopies(cases.size(), (int[]) null)));
      retrievalLists.put(seen, new ArrayList<>(Collections.nCopies(cases.size(), (int[]) null)));
      tallies.put(seen, new SourceTally());
    }
    List<int[]> defaultLists = new ArrayList<>(Collections.nCopies(cases.size(), (int[]) null));
    long[] live = new long[3]; // posted, accepted, refused
    double[] seconds = new double[2]; // live, asks
    AtomicInteger failures = new AtomicInteger();
    long asks = 0;
    ExecutorService askers = Executors.newFixedThreadPool(ASK_THREADS);
    try {
      List<ReplayStep> steps = plan.steps();
      for (int s = 0; s < steps.size(); ) {
        if (steps.get(s) instanceof ReplayStep.Post post) {
          long t = System.nanoTime();
          NodeApi.Counts counts = postLive(post.events());
          live[0] += post.events().length;
          live[1] += counts.accepted();
          live[2] += counts.refused();
          seconds[0] += (System.nanoTime() - t) / 1e9;
          s++;
          continue;
        }
        int end = s;
        while (end < steps.size() && steps.get(end) instanceof ReplayStep.Ask) {
          end++;
        }
        long t = System.nanoTime();
        ask(steps.subList(s, end), askers, lists, retrievalLists, defaultLists, tallies, failures);
        seconds[1] += (System.nanoTime() - t) / 1e9;
        asks += end - s;
        s = end;
      }
    } finally {
      askers.shutdownNow();
    }
    if (live[0] > 0) {
      log.printf("  sent %,d events live in %.0f s (%,d accepted, %,d refused)%n", live[0], seconds[0], live[1],
          live[2]);
    }
    log.printf("  asked %,d test users x %d seen policies in %.0f s (%d failed)%n", asks, SeenPolicy.values().length,
        seconds[1], failures.get());
    Figures figures = new Figures(items.accepted(), items.refused(), imported.accepted(), imported.duplicates(),
        imported.refused(), importSeconds, live[0], live[1], live[2], seconds[0], asks, failures.get(), seconds[1]);
    return new Result(figures, training, lists, retrievalLists, defaultLists, tallies);
  }

  private NodeApi.Counts importItems(ItemAttributes attributes) throws IOException, InterruptedException {
    List<String> ids = data.itemIds();
    NodeApi.Counts total = new NodeApi.Counts(0, 0, 0);
    for (int from = 0; from < ids.size(); from += ITEM_CHUNK) {
      List<ObjectNode> chunk = new ArrayList<>();
      for (String id : ids.subList(from, Math.min(ids.size(), from + ITEM_CHUNK))) {
        chunk.add(ReplayJson.item(id, attributes));
      }
      total = total.plus(api.importItems(ReplayJson.ndjson(chunk)));
    }
    return total;
  }

  /** The events in lanes by user, each lane's chunks one after the other. */
  private NodeApi.Counts importEvents(int[] events) throws IOException, InterruptedException {
    List<List<Integer>> lanes = new ArrayList<>();
    for (int l = 0; l < IMPORT_LANES; l++) {
      lanes.add(new ArrayList<>());
    }
    for (int e : events) {
      lanes.get(Math.floorMod(data.all().user(e), IMPORT_LANES)).add(e);
    }
    ExecutorService senders = Executors.newFixedThreadPool(IMPORT_LANES);
    try {
      List<Future<NodeApi.Counts>> done = new ArrayList<>();
      for (List<Integer> lane : lanes) {
        done.add(senders.submit(() -> {
          NodeApi.Counts counts = new NodeApi.Counts(0, 0, 0);
          for (int from = 0; from < lane.size(); from += IMPORT_CHUNK) {
            counts = counts.plus(api.importEvents(ReplayJson.ndjson(
                eventJson(lane.subList(from, Math.min(lane.size(), from + IMPORT_CHUNK))))));
          }
          return counts;
        }));
      }
      NodeApi.Counts total = new NodeApi.Counts(0, 0, 0);
      for (Future<NodeApi.Counts> lane : done) {
        total = total.plus(result(lane));
      }
      return total;
    } finally {
      senders.shutdownNow();
    }
  }

  /** The history as a producer would replay it: POST /v1/events in time order, a full request at a time. */
  private NodeApi.Counts postInTimeOrder(int[] events) throws IOException, InterruptedException {
    NodeApi.Counts total = new NodeApi.Counts(0, 0, 0);
    for (int from = 0; from < events.length; from += ServedQualityBenchmark.MAX_LIVE_POST) {
      total = total.plus(postLive(Arrays.copyOfRange(events, from,
          Math.min(events.length, from + ServedQualityBenchmark.MAX_LIVE_POST))));
    }
    return total;
  }

  private NodeApi.Counts postLive(int[] events) throws IOException, InterruptedException {
    return api.postEvents(ReplayJson.array(eventJson(Arrays.stream(events).boxed().toList())));
  }

  private List<ObjectNode> eventJson(List<Integer> events) {
    List<ObjectNode> json = new ArrayList<>(events.size());
    for (int e : events) {
      json.add(ReplayJson.event(e, data.event(e), shift, uuidIds));
    }
    return json;
  }

  /**
   * Asks each case's user once per seen policy and order, then once without a {@code seen}
   * parameter (what a client that does not know the setting gets); a failed ask leaves its case
   * unscored and is counted.
   */
  private void ask(List<ReplayStep> asks, ExecutorService askers, Map<SeenPolicy, List<int[]>> lists,
                   Map<SeenPolicy, List<int[]>> retrievalLists, List<int[]> defaultLists,
                   Map<SeenPolicy, SourceTally> tallies, AtomicInteger failures)
      throws IOException, InterruptedException {
    List<Future<?>> pending = new ArrayList<>();
    for (ReplayStep step : asks) {
      int c = ((ReplayStep.Ask) step).testCase();
      String user = data.userId(cases.get(c).user());
      Runnable one = () -> {
        try {
          for (SeenPolicy seen : SeenPolicy.values()) {
            ServedList served = api.recommendations(user, Evaluator.K, seen, "ranked");
            ServedList retrieval = api.recommendations(user, Evaluator.K, seen, "retrieval");
            tallies.get(seen).add(served);
            synchronized (lists) {
              lists.get(seen).set(c, numbers(served));
              retrievalLists.get(seen).set(c, numbers(retrieval));
            }
          }
          ServedList asDefault = api.recommendations(user, Evaluator.K, null, "ranked");
          synchronized (lists) {
            defaultLists.set(c, numbers(asDefault));
          }
        } catch (IOException e) {
          if (failures.incrementAndGet() <= 5) {
            log.println("  ask failed: " + e.getMessage());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };
      if (asks.size() == 1) {
        one.run(); // a single ask between live posts: in order, on this thread
      } else {
        pending.add(askers.submit(one));
      }
    }
    for (Future<?> f : pending) {
      result(f);
    }
  }

  /** The served items as dataset item numbers; -1 for an item the dataset does not know. */
  private int[] numbers(ServedList served) {
    return served.itemIds().stream().mapToInt(id -> itemNumbers.getOrDefault(id, -1)).toArray();
  }

  private static <T> T result(Future<T> future) throws IOException, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
