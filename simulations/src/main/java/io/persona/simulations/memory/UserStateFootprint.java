package io.persona.simulations.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.quality.HistoryEvent;
import io.persona.simulations.quality.OnlineRetail;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The heap a user's entity state holds (issue 16: heap per active user): the profile and the dedup
 * window after K events each, as the entity builds them ({@code UserProfile.apply} and
 * {@code RecentEventIds.plus} per event, the node's default settings). The events are real: each
 * user replays the first K purchases of an Online Retail customer with at least K, with fresh id,
 * type and timestamp objects per event (as parsing a request makes them) and a category per item
 * (shared, as the catalog replica holds it). A warm-up run before the measured ones keeps one-time
 * set-up (the UUID generator's random source) out of them.
 *
 * <p>Measured as heap used after a full GC with N states held, minus before, divided by N; the
 * median of 3 runs per K. What it leaves out: Pekko's own per-entity objects (the actor, its
 * mailbox, the sharding bookkeeping), so it is a lower bound of a live entity's cost.
 *
 * <p>Options: {@code -Dbench.users=20000 -Dbench.events=10,20 -Dbench.window=500
 * -Dbench.out=simulations/results/footprint.json}.
 */
public final class UserStateFootprint {
  private static final int RUNS = 3;
  private static final int CATEGORIES = 60;
  private static final String[] CATEGORY_NAMES = java.util.stream.IntStream.range(0, CATEGORIES)
      .mapToObj(c -> "category-" + c).toArray(String[]::new);

  private UserStateFootprint() {}

  /** What of each user's state is kept while measuring: all of it, or one part, for the breakdown. */
  private enum Held {
    STATE("state", "the whole state"), PROFILE("profile", "the profile alone"),
    DEDUP("dedupWindow", "the dedup window alone");

    final String key;
    final String label;

    Held(String key, String label) {
      this.key = key;
      this.label = label;
    }
  }

  public static void main(String[] args) throws Exception {
    int users = Integer.getInteger("bench.users", 20_000);
    int window = Integer.getInteger("bench.window", 500);
    int[] eventCounts = Arrays.stream(System.getProperty("bench.events", "10,20").split(","))
        .mapToInt(Integer::parseInt).toArray();
    Path out = Path.of(System.getProperty("bench.out", "simulations/results/footprint.json"));
    List<List<HistoryEvent>> histories = histories(OnlineRetail.read(OnlineRetail.DEFAULT_FILE).events());
    ProfileSettings settings = ProfileSettings.defaults();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "user-state-footprint");
    result.put("startedAt", Instant.now().toString());
    result.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"), "maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20));
    result.put("users", users);
    result.put("dedupWindow", window);
    List<Map<String, Object>> rows = new ArrayList<>();
    bytesPerUser(histories, 1_000, 1, window, settings, Held.STATE); // warm-up, not measured
    for (int k : eventCounts) {
      List<List<HistoryEvent>> eligible = histories.stream().filter(h -> h.size() >= k).toList();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("eventsPerUser", k);
      row.put("customersReplayed", eligible.size());
      for (Held held : Held.values()) {
        long[] perUser = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
          perUser[run] = bytesPerUser(eligible, users, k, window, settings, held);
        }
        long[] sorted = perUser.clone();
        Arrays.sort(sorted);
        System.out.printf("%d events per user, %s: %,d bytes per user (runs %s; %,d customers replayed)%n", k,
            held.label, sorted[RUNS / 2], Arrays.toString(perUser), eligible.size());
        row.put(held.key + "BytesPerUserMedian", sorted[RUNS / 2]);
        row.put(held.key + "BytesPerUserRuns", perUser);
      }
      rows.add(row);
    }
    result.put("results", rows);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    System.out.println("Wrote " + out);
  }

  /** Each customer's purchases in time order. */
  private static List<List<HistoryEvent>> histories(List<HistoryEvent> events) {
    Map<String, List<HistoryEvent>> byUser = new LinkedHashMap<>();
    events.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));
    byUser.values().forEach(h -> h.sort(java.util.Comparator.comparing(HistoryEvent::timestamp)));
    return new ArrayList<>(byUser.values());
  }

  private static long bytesPerUser(List<List<HistoryEvent>> histories, int users, int k, int window,
                                   ProfileSettings settings, Held held) throws InterruptedException {
    long before = usedAfterGc();
    Object[] states = new Object[users];
    for (int u = 0; u < users; u++) {
      String userId = "user-" + u;
      List<HistoryEvent> history = histories.get(u % histories.size());
      State state = new State(UserProfile.empty(userId), RecentEventIds.withCapacity(window));
      for (int i = 0; i < k; i++) {
        HistoryEvent e = history.get(i);
        // what parsing a request makes afresh per event: the ids, the type, the timestamp; the category
        // comes from the catalog replica, one string per item for every user
        String itemId = new String(e.itemId().toCharArray());
        String type = new String(e.type().toCharArray());
        Instant at = Instant.ofEpochSecond(e.timestamp().getEpochSecond(), e.timestamp().getNano());
        UserEvent event = new UserEvent(UUID.randomUUID().toString(), userId, type, itemId, at, e.value(), null,
            Map.of());
        String category = CATEGORY_NAMES[Math.floorMod(itemId.hashCode(), CATEGORIES)];
        state = new State(state.profile().apply(event, category, settings),
            state.recentEventIds().plus(event.eventId(), event.contentFingerprint()));
      }
      states[u] = switch (held) {
        case STATE -> state;
        case PROFILE -> state.profile();
        case DEDUP -> state.recentEventIds();
      };
    }
    long after = usedAfterGc();
    Reference.reachabilityFence(states);
    return (after - before) / users;
  }

  /** Heap used after full GCs: the least of four, 100 ms apart (shared by the memory benchmarks). */
  static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
