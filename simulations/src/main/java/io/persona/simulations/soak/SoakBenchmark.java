package io.persona.simulations.soak;

import io.persona.simulations.PersonaHttp;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.simulations.BenchmarkMachine;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Soak: mixed load on one in-process node over the local Cassandra node for
 * {@code bench.minutes} (60): events posted over HTTP, recommendations asked, live sockets that
 * send events and are reopened every minute, the learning loop on. Nine in ten events and asks go to
 * {@code bench.users} (1,000) regular users whose histories of {@code bench.seedEvents} (500) events each
 * were imported before the load starts ({@code POST /v1/import/events}, timestamps over the last 30 days),
 * so each one's state already sits at its caps (the dedup window of 500 ids, 50 history entries, 200
 * item affinities) as a returning user's does in production: a heap that grows after warm-up is then
 * growth the caps do not explain. The tenth goes to {@code bench.visitors} (20,000) occasional users,
 * drawn from a pool larger than the node keeps in memory for long, so entities are recovered and
 * passivated all the time. Each minute, the lowest heap used after three full GCs, live threads,
 * open file descriptors, pending work ({@link SoakProbes}: Cassandra's thread pools, the prediction
 * log, live entities) and the keyspace's size on disk per table; after warm-up and at the end, the
 * heap by class ({@link HeapHistogram}), so that growth can be told apart. Writes
 * simulations/results/soak.json and soak.png; the goal is a flat heap after warm-up (slope under
 * 1 % per 10 minutes), no growth in threads or descriptors, and no answer outside 2xx and
 * documented 4xx.
 */
public final class SoakBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ITEMS = 2_000;
  private static final int VISITOR_SHARE_PERCENT = 10;
  private static final String EVENT_CSV_HEADER = "userId,type,itemId,timestamp,eventId";
  private static final String[] TYPES = {"view", "view", "view", "click", "add_to_cart", "purchase"};

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final SplittableRandom seeds = new SplittableRandom(42);
  private final LongAdder eventsSent = new LongAdder();
  private final int regularUsers = Integer.getInteger("bench.users", 1_000);
  private final int seedEventsPerUser = Integer.getInteger("bench.seedEvents", 500);
  private final int visitors = Integer.getInteger("bench.visitors", 20_000);
  private double seedSeconds;
  private URI base;
  private List<HeapHistogram.Growth> grown = List.of();

  public static void main(String[] args) {
    io.persona.gateway.node.CommonPool.widen();
    try {
      new SoakBenchmark().run();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private void run() throws Exception {
    int minutes = Integer.getInteger("bench.minutes", 60);
    int eventsPerSecond = Integer.getInteger("bench.eventsPerSecond", 100);
    int recommendPerSecond = Integer.getInteger("bench.recommendPerSecond", 20);
    int sockets = Integer.getInteger("bench.sockets", 20);
    String keyspace = "persona_soak_" + Long.toString(System.currentTimeMillis(), 36);
    Config config = NodeConfig.derived(ConfigFactory.parseString("persona.cassandra.keyspace = \"" + keyspace + "\"")
        .withFallback(NodeConfig.load("bench")));
    Path keyspaceDir = Path.of(config.getString("persona.cassandra.local.data-dir"), "data", keyspace);

    List<Map<String, Object>> samples = new ArrayList<>();
    int warmUp = warmUpMinutes(minutes);
    HeapHistogram afterWarmUp = null;
    try (PersonaNode node = PersonaNode.start(config);
         SoakProbes probes = new SoakProbes(CassandraSessions.connect(CassandraSettings.fromConfig(config)),
             new PersonaHttp(URI.create("http://127.0.0.1:" + node.httpPort())), keyspaceDir)) {
      base = URI.create("http://127.0.0.1:" + node.httpPort());
      seedCatalog();
      seedHistories();
      ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
      long eventPeriod = Math.max(1, 1_000_000L * 10 / eventsPerSecond); // batches of 10
      // a task that throws is never run again by the scheduler: each one counts its failures instead
      load.scheduleAtFixedRate(guarded(this::postEvents), 0, eventPeriod, TimeUnit.MICROSECONDS);
      load.scheduleAtFixedRate(guarded(this::recommend), 0, Math.max(1, 1_000_000L / recommendPerSecond),
          TimeUnit.MICROSECONDS);
      List<WebSocket> open = new ArrayList<>();
      long start = System.nanoTime();
      for (int minute = 0; minute <= minutes; minute++) {
        if (minute > 0) {
          long due = start + TimeUnit.MINUTES.toNanos(minute);
          while (System.nanoTime() < due) {
            for (int s = 0; s < open.size(); s++) { // a socket's own events, every few seconds
              open.get(s).sendText(eventJson(socketUser(s), Instant.now()), true)
                  .exceptionally(failure -> {
                    count("ws send failed");
                    return null;
                  });
            }
            Thread.sleep(Math.min(5_000, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
          }
        }
        open.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "reopened").exceptionally(e -> null));
        open.clear();
        for (int s = 0; s < sockets; s++) {
          try {
            open.add(http.newWebSocketBuilder().header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION).buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort()
                + "/v1/users/" + socketUser(s) + "/live?k=5"), new Counting()).get(10, TimeUnit.SECONDS));
          } catch (Exception e) { // counted, not fatal: an hour's samples are worth more than one socket
            count("ws open failed");
          }
        }
        samples.add(sample(minute, probes));
        if (minute == warmUp) { // the heap by class, to tell later what any growth is made of
          afterWarmUp = smallerHistogram();
        } else if (minute == minutes && afterWarmUp != null) {
          grown = smallerHistogram().grownSince(afterWarmUp, 25);
        }
        System.out.printf("minute %d: %s answers %s%n", minute, samples.get(samples.size() - 1), counts());
        write(samples, minutes, eventsPerSecond, recommendPerSecond, sockets, keyspace, false); // kept if aborted
      }
      load.shutdownNow();
      load.awaitTermination(30, TimeUnit.SECONDS);
      open.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null));
    }
    write(samples, minutes, eventsPerSecond, recommendPerSecond, sockets, keyspace, true);
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        count("load error " + e.getClass().getSimpleName());
      }
    };
  }

  private void seedCatalog() throws Exception {
    for (int from = 0; from < ITEMS; from += 1000) {
      StringBuilder body = new StringBuilder("[");
      for (int i = from; i < from + 1000; i++) {
        body.append(i == from ? "" : ",").append("{\"itemId\":\"soak-item-").append(i)
            .append("\",\"category\":\"c").append(i % 25).append("\"}");
      }
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(base.resolve("/v1/items"))
          .header("Content-Type", "application/json").header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION).POST(HttpRequest.BodyPublishers.ofString(body + "]")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200) {
        throw new IllegalStateException("items: " + reply.statusCode() + " " + reply.body());
      }
    }
  }

  private void postEvents() {
    SplittableRandom random;
    synchronized (seeds) {
      random = seeds.split();
    }
    StringBuilder body = new StringBuilder("[");
    Instant now = Instant.now();
    for (int e = 0; e < 10; e++) {
      body.append(e == 0 ? "" : ",").append(eventJson(drawUser(random), now));
    }
    eventsSent.add(10);
    send(HttpRequest.newBuilder(base.resolve("/v1/events")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION).POST(HttpRequest.BodyPublishers.ofString(body + "]")).build());
  }

  private void recommend() {
    String user;
    synchronized (seeds) {
      user = drawUser(seeds);
    }
    send(HttpRequest.newBuilder(base.resolve("/v1/users/" + user + "/recommendations?k=10"))
        .header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION).timeout(Duration.ofSeconds(30)).GET().build());
  }

  /** A regular (seeded) user nine times in ten, else an occasional visitor. */
  private String drawUser(SplittableRandom random) {
    return random.nextInt(100) < VISITOR_SHARE_PERCENT
        ? "soak-visitor-" + random.nextInt(visitors) : "soak-user-" + random.nextInt(regularUsers);
  }

  /**
   * Every regular user's history, imported in user order (one chunk holds whole users, so each
   * user's events are one {@code persistAll}), timestamps spread evenly over the 30 days before the
   * load starts; two chunks in flight.
   */
  private void seedHistories() throws Exception {
    long start = System.nanoTime();
    Instant end = Instant.now().minus(Duration.ofMinutes(5));
    long spacingSeconds = Duration.ofDays(30).toSeconds() / Math.max(1, seedEventsPerUser);
    int usersPerChunk = Math.max(1, 5_000 / Math.max(1, seedEventsPerUser));
    ExecutorService senders = Executors.newFixedThreadPool(2);
    List<Future<?>> sent = new ArrayList<>();
    for (int from = 0; from < regularUsers; from += usersPerChunk) {
      StringBuilder csv = new StringBuilder(EVENT_CSV_HEADER).append('\n');
      for (int user = from; user < Math.min(regularUsers, from + usersPerChunk); user++) {
        for (int e = 0; e < seedEventsPerUser; e++) {
          Instant at = end.minusSeconds(spacingSeconds * (seedEventsPerUser - e));
          String[] drawn = drawItemAndType();
          csv.append("soak-user-").append(user).append(',').append(drawn[1]).append(",soak-item-").append(drawn[0])
              .append(',').append(at).append(",seed-").append(user).append('-').append(e).append('\n');
        }
      }
      String body = csv.toString();
      sent.add(senders.submit(() -> {
        importChunk(body);
        return null;
      }));
    }
    for (Future<?> chunk : sent) {
      chunk.get();
    }
    senders.shutdown();
    seedSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("Seeded %,d users with %,d events each in %.0f s%n", regularUsers, seedEventsPerUser, seedSeconds);
  }

  private void importChunk(String csv) throws Exception {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(base.resolve("/v1/import/events"))
          .timeout(Duration.ofMinutes(5)).header("Content-Type", "text/csv")
          .header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION)
          .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() == 200) {
        return;
      }
      if (reply.statusCode() != 503 || attempt >= 10) { // 503: not all confirmed, resending is safe
        throw new IllegalStateException("import: " + reply.statusCode() + " " + reply.body());
      }
      Thread.sleep(1_000L * attempt);
    }
  }

  /** An item (popular ones more often: the square of a uniform draw) and an event type. */
  private String[] drawItemAndType() {
    synchronized (seeds) {
      double u = seeds.nextDouble();
      return new String[] {String.valueOf((int) (u * u * ITEMS)), TYPES[seeds.nextInt(TYPES.length)]};
    }
  }

  private String eventJson(String user, Instant at) {
    String[] drawn = drawItemAndType();
    return "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"userId\":\"" + user + "\",\"type\":\"" + drawn[1]
        + "\",\"itemId\":\"soak-item-" + drawn[0]
        + "\",\"timestamp\":\"" + at + "\"}";
  }

  private static String socketUser(int socket) {
    return "soak-live-" + socket;
  }

  private void send(HttpRequest request) {
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
        count(failure != null ? "error " + failure.getClass().getSimpleName() : String.valueOf(response.statusCode())));
  }

  private void count(String answer) {
    answers.computeIfAbsent(answer, a -> new LongAdder()).increment();
  }

  private Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    answers.forEach((answer, n) -> out.put(answer, n.sum()));
    return out;
  }

  /** Live socket answers: an error message with a 5xx status counts as a server error. */
  private final class Counting implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        count(text.contains("\"status\":5") ? "ws 5xx" : text.startsWith("{\"type\":\"error\"") ? "ws 4xx" : "ws ok");
      }
      socket.request(1);
      return null;
    }
  }

  /**
   * Heap, threads and descriptors are the whole JVM's: the node's and the in-process load's. The
   * events sent so far say how full the users' states are (each user's state grows with its events
   * up to the profile's and the dedup window's caps).
   */
  private Map<String, Object> sample(int minute, SoakProbes probes) throws InterruptedException {
    // A background job caught mid-run (the example join or a training read holds up to ~1 GB while
    // it runs) is not retained memory: three full GCs 3 s apart, and the lowest is what the node
    // retains. The first of them is reported too, as a single reading would have seen it.
    double first = heapAfterFullGcMb();
    double lowest = first;
    java.util.Set<String> jobsAtLowest = LearningJobsInFlight.now();
    for (int more = 0; more < 2; more++) {
      Thread.sleep(3_000);
      double reading = heapAfterFullGcMb();
      if (reading < lowest) {
        lowest = reading;
        jobsAtLowest = LearningJobsInFlight.now();
      }
    }
    Map<String, Object> sample = new LinkedHashMap<>();
    sample.put("minute", minute);
    sample.put("heapAfterGcMb", lowest);
    sample.put("heapAfterOneGcMb", first);
    // the learning jobs running just after the lowest reading's GC: their working sets were in it
    sample.put("learningJobsAtLowest", List.copyOf(jobsAtLowest));
    sample.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      sample.put("openFileDescriptors", unix.getOpenFileDescriptorCount());
    }
    sample.put("eventsSent", eventsSent.sum());
    probes.sampleInto(sample);
    return sample;
  }

  private static double heapAfterFullGcMb() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1_048_576.0;
  }

  /** The histogram of the two, taken 5 s apart, that holds less: the other may have caught a job mid-run. */
  private static HeapHistogram smallerHistogram() throws InterruptedException {
    HeapHistogram first = HeapHistogram.take();
    Thread.sleep(5_000);
    HeapHistogram second = HeapHistogram.take();
    return second.totalBytes() < first.totalBytes() ? second : first;
  }

  /** The first fifth of the run (at least 2 minutes) is warm-up, left out of the slope. */
  private static int warmUpMinutes(int minutes) {
    return Math.max(2, minutes / 5);
  }

  private void write(List<Map<String, Object>> samples, int minutes, int eventsPerSecond, int recommendPerSecond,
                     int sockets, String keyspace, boolean done) throws Exception {
    int warmUp = warmUpMinutes(minutes);
    List<double[]> heap = new ArrayList<>();
    List<double[]> withoutJobs = new ArrayList<>();
    List<double[]> singleReadings = new ArrayList<>();
    for (Map<String, Object> s : samples) {
      int minute = (Integer) s.get("minute");
      if (minute >= warmUp) {
        heap.add(new double[] {minute, (Double) s.get("heapAfterGcMb")});
        Object jobs = s.get("learningJobsAtLowest");
        if (jobs instanceof List<?> running && running.isEmpty()) {
          withoutJobs.add(new double[] {minute, (Double) s.get("heapAfterGcMb")});
        }
        singleReadings.add(new double[] {minute, (Double) s.get("heapAfterOneGcMb")});
      }
    }
    double slopePerMinute = slope(heap);
    double mean = heap.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
    double slopePercentPer10Minutes = 100 * 10 * slopePerMinute / mean;
    double robustPercentPer10Minutes = 100 * 10 * medianPairSlope(heap) / mean;
    double withoutJobsPercentPer10Minutes = 100 * 10 * slope(withoutJobs)
        / withoutJobs.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
    double singleReadingPercentPer10Minutes = 100 * 10 * slope(singleReadings)
        / singleReadings.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
    Map<String, Long> answerCounts = counts();
    long serverErrors = answerCounts.entrySet().stream()
        .filter(e -> e.getKey().startsWith("5") || e.getKey().startsWith("error") || e.getKey().startsWith("ws 5")
            || e.getKey().startsWith("load error"))
        .mapToLong(Map.Entry::getValue).sum();
    Map<String, Object> first = samples.get(Math.min(warmUp, samples.size() - 1));
    Map<String, Object> last = samples.get(samples.size() - 1);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "soak");
    result.put("measuredAt", Instant.now().toString());
    result.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"),
        "note", "Cassandra, the Persona node (in-process, learning on) and the load share the machine"));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("minutes", minutes);
    options.put("eventsPerSecond", eventsPerSecond);
    options.put("recommendationsPerSecond", recommendPerSecond);
    options.put("liveSockets", sockets);
    options.put("users", regularUsers);
    options.put("seedEventsPerUser", seedEventsPerUser);
    options.put("visitors", visitors);
    options.put("visitorSharePercent", VISITOR_SHARE_PERCENT);
    options.put("items", ITEMS);
    options.put("keyspace", keyspace);
    result.put("options", options);
    result.put("seedSeconds", Math.round(seedSeconds));
    result.put("warmUpMinutes", warmUp);
    // null, not 0, when the run is too short for a slope: a flat heap must be measured, not assumed
    result.put("heapSlopePercentPer10Minutes", Double.isFinite(slopePercentPer10Minutes)
        ? Math.round(slopePercentPer10Minutes * 100) / 100.0 : null);
    // the median of the slopes between every two samples (Theil-Sen): one minute caught mid-training
    // moves a least-squares line, not this; reported beside the goal's slope, never instead of it
    result.put("heapMedianPairSlopePercentPer10Minutes", Double.isFinite(robustPercentPer10Minutes)
        ? Math.round(robustPercentPer10Minutes * 100) / 100.0 : null);
    // least squares over the minutes whose lowest reading caught no learning job (the retained heap)
    result.put("heapSlopeWithoutLearningJobsPercentPer10Minutes", Double.isFinite(withoutJobsPercentPer10Minutes)
        ? Math.round(withoutJobsPercentPer10Minutes * 100) / 100.0 : null);
    result.put("minutesWithoutLearningJobs", withoutJobs.size());
    // least squares over the first of each minute's GCs, as the soak read the heap before 2026-12-05
    result.put("heapOneGcSlopePercentPer10Minutes", Double.isFinite(singleReadingPercentPer10Minutes)
        ? Math.round(singleReadingPercentPer10Minutes * 100) / 100.0 : null);
    result.put("complete", done);
    result.put("threads", Map.of("afterWarmUp", first.get("threads"), "last", last.get("threads")));
    if (last.containsKey("openFileDescriptors")) {
      result.put("openFileDescriptors", Map.of("afterWarmUp", first.get("openFileDescriptors"),
          "last", last.get("openFileDescriptors")));
    }
    result.put("answers", answerCounts);
    result.put("heapGrowthByClassAfterWarmUp", HeapHistogram.asRows(grown));
    result.put("serverErrors", serverErrors);
    result.put("goal", "heap slope < 1 % per 10 minutes after warm-up, no growth in threads or descriptors, "
        + "0 answers outside 2xx and documented 4xx");
    result.put("samples", samples);

    Path dir = Paths.get(System.getProperty("bench.results", "simulations/results"));
    Files.createDirectories(dir);
    Path json = dir.resolve("soak.json");
    Files.writeString(json, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    SoakChart.draw(samples, dir.resolve("soak.png"));
    if (!done) {
      return;
    }
    System.out.printf("%n== Soak (%d min, %d cores) ==%nheap slope after warm-up %.2f %% per 10 min (median of pair"
            + " slopes %.2f, one GC a minute %.2f, over the %d minutes no learning job was caught in %.2f); threads"
            + " %s -> %s; descriptors %s -> %s; server errors %d; answers %s%nResults: %s%n",
        minutes, BenchmarkMachine.cores(), slopePercentPer10Minutes, robustPercentPer10Minutes,
        singleReadingPercentPer10Minutes, withoutJobs.size(), withoutJobsPercentPer10Minutes,
        first.get("threads"), last.get("threads"), first.get("openFileDescriptors"),
        last.get("openFileDescriptors"), serverErrors, answerCounts, json);
  }

  /** The median of the slopes between every two points of different x (Theil-Sen). */
  static double medianPairSlope(List<double[]> points) {
    List<Double> slopes = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      for (int j = i + 1; j < points.size(); j++) {
        double dx = points.get(j)[0] - points.get(i)[0];
        if (dx != 0) {
          slopes.add((points.get(j)[1] - points.get(i)[1]) / dx);
        }
      }
    }
    if (slopes.isEmpty()) {
      return Double.NaN;
    }
    slopes.sort(null);
    int mid = slopes.size() / 2;
    return slopes.size() % 2 == 1 ? slopes.get(mid) : (slopes.get(mid - 1) + slopes.get(mid)) / 2;
  }

  /** Least-squares slope of y over x. */
  static double slope(List<double[]> points) {
    if (points.size() < 2) {
      return Double.NaN;
    }
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
    double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (double[] p : points) {
      num += (p[0] - mx) * (p[1] - my);
      den += (p[0] - mx) * (p[0] - mx);
    }
    return den == 0 ? Double.NaN : num / den;
  }
}
