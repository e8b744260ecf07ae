package io.persona.simulations.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.PersonaHttp;
import io.persona.simulations.quality.HistoryEvent;
import io.persona.simulations.quality.OnlineRetail;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The heap a live user entity holds on a running node, everything included: its state, Pekko's own
 * objects (the actor, its mailbox, the persistence behaviour, sharding's bookkeeping) and the
 * node's {@code LocalProfiles} entry; {@link UserStateFootprint} measures the state alone. It
 * starts a node in-process (bench profile, learning off, so no learning job holds memory while it
 * measures) over the local Cassandra node in a fresh keyspace, imports {@code bench.users} users
 * with {@code bench.events} real purchases each (the first ones of an Online Retail customer with
 * at least that many, items imported first with a category each), and reads the heap after full
 * GCs twice: with every user's entity live after the import, and once all of them have been
 * passivated (the idle timeout shortened to {@code bench.idle-seconds}, the entity count read
 * from the node's cluster view until it is 0). The difference divided by the users is a live
 * entity's cost; whatever the import left behind that passivation does not free (caches,
 * the driver's buffers) is in both readings and cancels out; what is freed by time alone while it
 * waits for the passivation (expiring caches) is counted as the entities', so the figure leans
 * high. The run stops if any entity passivated before the first reading.
 *
 * <p>Options: {@code -Dbench.users=10000 -Dbench.events=20 -Dbench.idle-seconds=60
 * -Dbench.out=simulations/results/live-entity-footprint.json}.
 */
public final class LiveEntityFootprint {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CATEGORIES = 60;
  private static final int CHUNK = 5_000;

  private LiveEntityFootprint() {}

  public static void main(String[] args) {
    io.persona.gateway.node.CommonPool.widen();
    try {
      run();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    int users = Integer.getInteger("bench.users", 10_000);
    int events = Integer.getInteger("bench.events", 20);
    int idleSeconds = Integer.getInteger("bench.idle-seconds", 60);
    Path out = Path.of(System.getProperty("bench.out", "simulations/results/live-entity-footprint.json"));
    List<List<HistoryEvent>> customers = customersWithAtLeast(events);
    System.out.printf("%,d Online Retail customers with at least %d purchases%n", customers.size(), events);

    String keyspace = "persona_live_footprint_" + Long.toString(System.currentTimeMillis(), 36);
    Config config = NodeConfig.derived(ConfigFactory.parseString("""
            persona.cassandra.keyspace = "%s"
            persona.learning.enabled = false
            pekko.cluster.sharding.passivation.persona-users.idle-entity.timeout = %ds
            """.formatted(keyspace, idleSeconds))
        .withFallback(NodeConfig.load("bench")));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "live-entity-footprint");
    result.put("startedAt", Instant.now().toString());
    result.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"), "maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20,
        "gc", String.join(",", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(java.lang.management.GarbageCollectorMXBean::getName).toList())));
    result.put("users", users);
    result.put("eventsPerUser", events);
    result.put("idleSeconds", idleSeconds);
    try (PersonaNode node = PersonaNode.start(config)) {
      PersonaHttp http = new PersonaHttp(URI.create("http://127.0.0.1:" + node.httpPort() + "/"));
      importItems(http, customers, users, events);
      List<String> rows = eventRows(customers, users, events);
      long beforeImport = UserStateFootprint.usedAfterGc();
      long accepted = 0;
      for (int from = 0; from < rows.size(); from += CHUNK) {
        accepted += postCsv(http, "v1/import/events", "eventId,userId,type,itemId,timestamp,value",
            rows.subList(from, Math.min(rows.size(), from + CHUNK))).path("accepted").asLong();
      }
      long liveEntities = entities(http);
      long live = UserStateFootprint.usedAfterGc();
      long stillLive = entities(http);
      if (stillLive != liveEntities || liveEntities != users) {
        throw new IllegalStateException("entities live: " + liveEntities + " after the import, " + stillLive
            + " after the heap reading, of " + users + " users: some passivated before the reading"
            + " (a longer -Dbench.idle-seconds)");
      }
      System.out.printf("Imported %,d events; %,d entities live; heap after GC %,d bytes (before the import %,d)%n",
          accepted, liveEntities, live, beforeImport);

      long waitStart = System.nanoTime();
      long remaining = liveEntities;
      while (remaining > 0 && System.nanoTime() - waitStart < Duration.ofSeconds(idleSeconds * 10L).toNanos()) {
        Thread.sleep(2_000);
        remaining = entities(http);
      }
      if (remaining > 0) {
        throw new IllegalStateException(remaining + " entities still live " + idleSeconds * 10 + " s after the import");
      }
      long passivated = UserStateFootprint.usedAfterGc();
      long perEntity = (live - passivated) / liveEntities;
      System.out.printf("All passivated after %.0f s; heap after GC %,d bytes: %,d bytes per live entity%n",
          (System.nanoTime() - waitStart) / 1e9, passivated, perEntity);
      result.put("eventsAccepted", accepted);
      result.put("liveEntities", liveEntities);
      result.put("heapBeforeImportBytes", beforeImport);
      result.put("heapLiveBytes", live);
      result.put("heapPassivatedBytes", passivated);
      result.put("bytesPerLiveEntity", perEntity);
    }
    result.put("measures", "heap used after full GCs (the least of four) with every imported user's entity live, "
        + "minus the same once all were passivated, divided by the live entities");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    System.out.println("Wrote " + out);
  }

  /** Customers with at least {@code events} purchases, each history in time order. */
  private static List<List<HistoryEvent>> customersWithAtLeast(int events) {
    Map<String, List<HistoryEvent>> byUser = new LinkedHashMap<>();
    OnlineRetail.read(OnlineRetail.DEFAULT_FILE).events()
        .forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
    List<List<HistoryEvent>> eligible = new ArrayList<>();
    for (List<HistoryEvent> history : byUser.values()) {
      if (history.size() >= events) {
        history.sort(Comparator.comparing(HistoryEvent::timestamp));
        eligible.add(history);
      }
    }
    return eligible;
  }

  /** User {@code u} replays the first {@code events} purchases of customer {@code u} modulo the customers. */
  private static List<String> eventRows(List<List<HistoryEvent>> customers, int users, int events) {
    List<String> rows = new ArrayList<>(users * events);
    for (int u = 0; u < users; u++) {
      List<HistoryEvent> history = customers.get(u % customers.size());
      for (int i = 0; i < events; i++) {
        HistoryEvent e = history.get(i);
        rows.add(String.join(",", UUID.randomUUID().toString(), "user-" + u, e.type(), e.itemId(),
            e.timestamp().toString(), Double.toString(e.value())));
      }
    }
    return rows;
  }

  private static void importItems(PersonaHttp http, List<List<HistoryEvent>> customers, int users, int events)
      throws Exception {
    Set<String> items = new LinkedHashSet<>();
    for (int u = 0; u < Math.min(users, customers.size()); u++) {
      customers.get(u).subList(0, events).forEach(e -> items.add(e.itemId()));
    }
    List<String> rows = items.stream()
        .map(item -> item + ",category-" + Math.floorMod(item.hashCode(), CATEGORIES) + "," + item).toList();
    for (int from = 0; from < rows.size(); from += CHUNK) {
      postCsv(http, "v1/import/items", "itemId,category,title", rows.subList(from, Math.min(rows.size(), from + CHUNK)));
    }
  }

  private static JsonNode postCsv(PersonaHttp http, String path, String header, List<String> rows) throws Exception {
    return http.post(path, "text/csv", header + "\n" + String.join("\n", rows) + "\n", Duration.ofMinutes(5));
  }

  /** The user entities live on the node, from its cluster view. */
  private static long entities(PersonaHttp http) throws Exception {
    HttpResponse<String> response = http.get("v1/admin/cluster", Duration.ofSeconds(30));
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !body.path("statsComplete").asBoolean()) {
      throw new IllegalStateException("the cluster view answered " + response.statusCode() + ": " + response.body());
    }
    return body.path("entities").asLong();
  }
}
