package io.persona.simulations.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.PersonaHttp;

import java.net.URI;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Seeds a running Persona node over its HTTP API for the serving benchmark: the catalog of
 * {@link ServingDataset} (POST /v1/items, 1000 per request), then a warm-up history per user
 * (POST /v1/events) so that users have profiles and co-visitation and trending have something to
 * count. Ids are stable: running it again upserts the same items, and the same events come back as
 * duplicates.
 *
 * <p>The scale-out benchmark seeds its nodes with the same data, through {@link #seedItems} and
 * {@link #seedEvents}.
 *
 * <p>Options: -Dbench.url (default http://127.0.0.1:8080), the sizes of {@link ServingDataset},
 * -Dbench.seed-in-flight (requests at once, default 4), -Dbench.seed-out (a JSON summary, default
 * simulations/target/serving/seed.json).
 */
public final class CatalogSeeder {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BATCH = 1000;
  /** The warm-up history spans this much time before now: recent enough to count as trending. */
  private static final Duration HISTORY = Duration.ofMinutes(60);

  private final PersonaHttp http;
  private final int inFlight;

  public CatalogSeeder(URI base, int inFlight) {
    this.http = new PersonaHttp(base);
    this.inFlight = inFlight;
  }

  public static void main(String[] args) throws Exception {
    String url = System.getProperty("bench.url", "http://127.0.0.1:8080");
    ServingDataset data = ServingDataset.fromSystemProperties();
    CatalogSeeder seeder = new CatalogSeeder(URI.create(url), Integer.getInteger("bench.seed-in-flight", 4));
    System.out.printf("Seeding %s: %,d items in %d categories, %,d users x %d events (seed %d)%n",
        url, data.items(), data.categories(), data.users(), data.eventsPerUser(), data.seed());

    long started = System.nanoTime();
    long upserted = seeder.seedItems(data);
    double itemSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("  items:  %,d upserted in %.1f s (%,.0f items/s)%n", upserted, itemSeconds,
        upserted / itemSeconds);

    started = System.nanoTime();
    EventTotals events = seeder.seedEvents(data, Instant.now());
    double eventSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("  events: %,d sent in %.1f s (%,.0f events/s): %,d accepted, %,d duplicates, %,d rejected%n",
        events.sent(), eventSeconds, events.sent() / eventSeconds, events.accepted(), events.duplicates(),
        events.rejected());

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("seededAt", Instant.now().toString());
    summary.put("baseUrl", url);
    summary.put("items", data.items());
    summary.put("categories", data.categories());
    summary.put("users", data.users());
    summary.put("eventsPerUser", data.eventsPerUser());
    summary.put("seed", data.seed());
    summary.put("itemsUpserted", upserted);
    summary.put("itemsSeconds", round(itemSeconds));
    summary.put("eventsSent", events.sent());
    summary.put("eventsAccepted", events.accepted());
    summary.put("eventsDuplicates", events.duplicates());
    summary.put("eventsRejected", events.rejected());
    summary.put("eventsSeconds", round(eventSeconds));
    Path out = Paths.get(System.getProperty("bench.seed-out", "simulations/target/serving/seed.json"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, MAPPER.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
    if (events.rejected() > 0) {
      System.err.println("Some warm-up events were rejected: see the reasons above.");
      System.exit(1);
    }
  }

  public record EventTotals(long sent, long accepted, long duplicates, long rejected) {}

  public long seedItems(ServingDataset data) throws Exception {
    int[] starts = data.categoryStarts();
    float[][] centroids = new float[data.categories()][];
    for (int c = 0; c < centroids.length; c++) {
      centroids[c] = data.centroid(c);
    }
    int batches = (data.items() + BATCH - 1) / BATCH;
    AtomicLong upserted = new AtomicLong();
    postAll("/v1/items", batches, b -> itemBatch(data, starts, centroids, b * BATCH,
        Math.min(data.items(), (b + 1) * BATCH)), reply -> upserted.addAndGet(reply.path("upserted").asLong()));
    return upserted.get();
  }

  public EventTotals seedEvents(ServingDataset data, Instant now) throws Exception {
    int[] starts = data.categoryStarts();
    int usersPerBatch = Math.max(1, BATCH / Math.max(1, data.eventsPerUser()));
    int batches = (data.users() + usersPerBatch - 1) / usersPerBatch;
    AtomicLong accepted = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicInteger reportedRejections = new AtomicInteger();
    postAll("/v1/events", batches,
        b -> eventBatch(data, starts, now, b * usersPerBatch, Math.min(data.users(), (b + 1) * usersPerBatch)),
        reply -> {
          accepted.addAndGet(reply.path("accepted").asLong());
          duplicates.addAndGet(reply.path("duplicates").asLong());
          rejected.addAndGet(reply.path("rejected").asLong());
          for (JsonNode result : reply.path("results")) {
            if ("rejected".equals(result.path("status").asText()) && reportedRejections.incrementAndGet() <= 5) {
              System.err.println("  rejected: " + result);
            }
          }
        });
    return new EventTotals((long) data.users() * data.eventsPerUser(), accepted.get(), duplicates.get(),
        rejected.get());
  }

  private String itemBatch(ServingDataset data, int[] starts, float[][] centroids, int from, int to) {
    ArrayNode batch = MAPPER.createArrayNode();
    int category = ServingDataset.categoryOf(starts, from);
    for (int item = from; item < to; item++) {
      while (item >= starts[category + 1]) {
        category++;
      }
      SplittableRandom random = new SplittableRandom(data.seed() * 31L + item);
      ObjectNode json = batch.addObject();
      json.put("itemId", data.itemId(item));
      json.put("title", "Item " + item + " of " + data.categoryId(category));
      json.put("category", data.categoryId(category));
      ArrayNode tags = json.putArray("tags");
      for (String tag : data.tags(item, category, random)) {
        tags.add(tag);
      }
      ArrayNode embedding = json.putArray("embedding");
      for (float x : data.embedding(item, centroids[category])) {
        embedding.add(Math.round(x * 1e4f) / 1e4f);
      }
    }
    return batch.toString();
  }

  /**
   * The history of users {@code [from, to)}: sessions of views in the liked categories, some
   * views followed by a click on the same item and some clicks by a purchase, spread over the
   * last hour in time order.
   */
  private String eventBatch(ServingDataset data, int[] starts, Instant now, int from, int to) {
    ArrayNode batch = MAPPER.createArrayNode();
    Instant begin = now.minus(HISTORY);
    long step = HISTORY.toMillis() / Math.max(1, data.eventsPerUser());
    for (int user = from; user < to; user++) {
      int[] liked = data.preferences(user, starts);
      SplittableRandom random = new SplittableRandom(data.seed() * 131L + user);
      int last = -1;
      String lastType = "";
      for (int n = 0; n < data.eventsPerUser(); n++) {
        String type;
        int item;
        if (last >= 0 && lastType.equals("view") && random.nextDouble() < 0.3) {
          type = "click";
          item = last;
        } else if (last >= 0 && lastType.equals("click") && random.nextDouble() < 0.25) {
          type = "purchase";
          item = last;
        } else {
          type = "view";
          item = data.nextItem(starts, liked, random);
        }
        ObjectNode json = batch.addObject();
        // a new id per run: the history is relative to now, so a rerun records a new hour of it
        json.put("eventId", "sv-e" + now.getEpochSecond() + "-" + user + "-" + n);
        json.put("userId", data.userId(user));
        json.put("type", type);
        json.put("itemId", data.itemId(item));
        json.put("timestamp", begin.plusMillis(n * step + random.nextLong(Math.max(1, step))).toString());
        last = item;
        lastType = type;
      }
    }
    return batch.toString();
  }

  /** Posts batch 0..batches-1 with {@code inFlight} requests at once; every reply goes to {@code onReply}. */
  private void postAll(String path, int batches, IntFunction<String> body,
                       Consumer<JsonNode> onReply) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < inFlight; w++) {
        workers.add(pool.submit(() -> {
          for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
            JsonNode reply = http.post(path, body.apply(b), Duration.ofSeconds(60));
            synchronized (onReply) {
              onReply.accept(reply);
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
