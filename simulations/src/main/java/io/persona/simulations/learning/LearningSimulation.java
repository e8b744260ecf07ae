package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.PersonaHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The closed-loop user simulator: posts the catalog of a {@link SimulatedWorld} to a running
 * Persona node (no embeddings), then for the configured minutes lets virtual users ask for lists
 * and click them with their hidden true probabilities, and reports the CTR per simulated minute.
 * A node that learns from the clicks shows a rising curve; run once with learning on and once with
 * it off (simulations/bench-learning) to see the difference. Options: {@link SimulationOptions#USAGE}.
 */
public final class LearningSimulation {
  private static final Duration MODEL_POLL = Duration.ofSeconds(5);
  /** Requests that started in a minute may finish just after it; its line waits this long for them. */
  private static final long LINE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private LearningSimulation() {}

  public static void main(String[] args) throws Exception {
    SimulationOptions options;
    try {
      options = SimulationOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    SimulatedWorld world = new SimulatedWorld(options.world());
    double randomCtr = world.randomSlateCtr(options.k());
    double bestCtr = world.bestSlateCtr(options.k());
    double[] bestShares = world.bestListShares(options.k());
    System.out.printf("Learning loop \"%s\" against %s: %,d items in %d categories, %,d users, %d workers,"
            + " %d minutes of %.0f s (seed %d)%n", options.label(), options.url(), options.items(), options.categories(),
        options.users(), options.workers(), options.minutes(), options.minuteSeconds(), options.seed());
    System.out.printf("  the world: random lists get %.2f%% CTR, each user's best lists %.2f%% (%.0f%% of their items in"
            + " the user's preferred category; %.0f%% cheap for mobile users)%n", 100 * randomCtr, 100 * bestCtr,
        100 * bestShares[0], 100 * bestShares[1]);

    PersonaHttp http = new PersonaHttp(URI.create(options.url()));
    CatalogUpload catalog = new CatalogUpload(http);
    long upserted = catalog.upload(world.items());
    System.out.printf("  catalog: %,d items upserted (no embeddings)%n", upserted);
    catalog.awaitIndexed(world.items().size(), Duration.ofSeconds(120));

    String startedAt = Instant.now().toString();
    MinuteLedger ledger = new MinuteLedger(options.minutes());
    FreshnessTracker freshness = new FreshnessTracker();
    try (ModelWatcher watcher = new ModelWatcher(http)) {
      watcher.start(MODEL_POLL);
      runLoop(options, world, new LoopApi(http), ledger, freshness);
      watcher.poll();
      Freshness fresh = freshness.measure(watcher.models(), watcher.answered(), watcher.lastProblem());
      ObjectNode json = RunReport.json(options, randomCtr, bestCtr, bestShares[0], bestShares[1], upserted, ledger.rows(), fresh,
          watcher.models().values(), startedAt);
      json.set("learning", learningStatus(http, Duration.between(Instant.parse(startedAt), Instant.now())));
      Files.createDirectories(options.out().toAbsolutePath().getParent());
      Files.writeString(options.out(), RunReport.MAPPER.writeValueAsString(json) + "\n");
      System.out.printf("  CTR overall %s, last %d minutes %s; freshness p50 %s over %d of %d clicks (%s)%n",
          percent(json.path("ctr").asDouble(Double.NaN)), RunReport.LAST_MINUTES,
          percent(json.path("ctrLast3Minutes").asDouble(Double.NaN)),
          fresh.p50Seconds() == null ? "n/a" : fresh.p50Seconds() + " s", fresh.count(), fresh.clicks(), fresh.note());
      System.out.println("Wrote " + options.out().toAbsolutePath());
    }
  }

  /**
   * The node's own account of its retraining loop at the end of the run (GET /v1/admin/learning),
   * with the examples the join wrote per second of the run: the loop's throughput inside the
   * running system. Empty when the node does not learn or does not answer.
   */
  private static ObjectNode learningStatus(PersonaHttp http, Duration run) {
    ObjectNode out = RunReport.MAPPER.createObjectNode();
    try {
      HttpResponse<String> response = http.get("/v1/admin/learning", Duration.ofSeconds(10));
      if (response.statusCode() != 200) {
        out.put("available", false);
        return out;
      }
      JsonNode status = RunReport.MAPPER.readTree(response.body());
      out.put("available", true);
      long written = status.path("join").path("counters").path("examples_written").asLong(0);
      out.put("examplesWritten", written);
      out.put("runSeconds", run.toSeconds());
      out.put("examplesJoinedPerSecond", run.isZero() ? 0 : written / (double) run.toSeconds());
      out.set("status", status);
    } catch (IOException e) {
      out.put("available", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.put("available", false);
    }
    return out;
  }

  /** Runs the workers for the configured minutes, printing each minute's line as it closes. */
  private static void runLoop(SimulationOptions options, SimulatedWorld world, LoopApi api, MinuteLedger ledger,
                              FreshnessTracker freshness) throws Exception {
    RunClock clock = new RunClock(options.minuteSeconds(), options.minutes());
    String eventPrefix = "ls-" + Long.toString(System.currentTimeMillis(), 36);
    ExecutorService pool = Executors.newFixedThreadPool(options.workers());
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int w = 0; w < options.workers(); w++) {
        workers.add(pool.submit(new UserLoop(world, api, clock, ledger, freshness, options.seed() * 1_000_003L + w,
            eventPrefix + "-w" + w, options.k(), options.shiftAtMinute())));
      }
      System.out.println(MinuteTable.header());
      for (int minute = 1; minute <= options.minutes(); minute++) {
        if (minute == options.shiftAtMinute()) {
          // the minute began up to a line's grace ago; the node's log says when its monitors noticed
          System.out.printf("  tastes shift from minute %d on (about %s)%n", minute, java.time.Instant.now());
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, clock.nanosUntilEndOf(minute) + LINE_GRACE_NANOS));
        System.out.println(MinuteTable.line(ledger.row(minute)));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String percent(double ctr) {
    return Double.isNaN(ctr) ? "n/a" : String.format("%.2f%%", 100 * ctr);
  }
}
