package io.persona.gateway.dashboard;

import io.persona.actors.user.UserEntity;
import io.persona.gateway.http.LearningStatusRoutes;
import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;
import io.persona.persistence.registry.RegisteredModel;
import io.persona.streams.learning.ExampleJoiner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What the dashboard shows, as one JSON-ready map per second: this node and its view of the
 * cluster (members, roles, status, reachability, leader), its traffic ({@link TrafficMeter}), and,
 * read every {@code slowEvery} (off the request threads), the shards and user entities of each
 * member (asked of sharding), the model registry with the version a rollback would promote, the
 * learning loop's offsets with their counters, and the A/B test's CTR per serving variant with a
 * 95 % interval (from the example join's stored totals, so cluster-wide). A failed read shows as
 * an error beside the last figures; the stream goes on.
 */
public final class DashboardSnapshots {
  /** The learning loop's stored offsets the dashboard shows, by stream name. */
  static final List<String> STREAMS = List.of("example-join", "trainer", "monitors", "embeddings");
  private static final int MODELS_SHOWN = 20;
  private static final Duration SHARD_STATS_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final ModelRegistryRepository registry;
  private final StreamOffsetRepository offsets;
  private final Supplier<Optional<String>> metrics;
  private final Executor blocking;
  private final Duration slowEvery;
  private final Clock clock;
  private final TrafficMeter traffic = new TrafficMeter();
  private volatile Instant slowReadAt = Instant.MIN;
  private volatile Map<String, Object> slow = Map.of();
  private final AtomicBoolean refreshing = new AtomicBoolean();

  /**
   * @param metrics   this node's Prometheus exposition (empty when metrics are off)
   * @param blocking  where the Cassandra reads run
   * @param slowEvery how often the registry and the offsets are read again
   */
  public DashboardSnapshots(ActorSystem<?> system, ModelRegistryRepository registry, StreamOffsetRepository offsets,
                            Supplier<Optional<String>> metrics, Executor blocking, Duration slowEvery, Clock clock) {
    this.system = system;
    this.registry = registry;
    this.offsets = offsets;
    this.metrics = metrics;
    this.blocking = blocking;
    this.slowEvery = slowEvery;
    this.clock = clock;
  }

  /**
   * The snapshot now, at once: the cluster and the traffic as they are, the registry and the offsets
   * as last read (a read of them is started when they are older than {@code slowEvery}, one at a
   * time for every open stream, and never waited for: a slow Cassandra does not hold the rest back).
   * Never fails: a failed read is named under "storedError" beside the last figures.
   */
  public CompletionStage<Map<String, Object>> next() {
    Instant now = clock.instant();
    if (!slowReadAt.plus(slowEvery).isAfter(now)) {
      refreshStored();
    }
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("at", now.toString());
    snapshot.put("cluster", cluster());
    snapshot.put("traffic", traffic.next(metrics.get().map(PrometheusText::parse).orElse(PrometheusText.EMPTY), now));
    snapshot.putAll(slow);
    return CompletableFuture.completedFuture(snapshot);
  }

  private void refreshStored() {
    if (!refreshing.compareAndSet(false, true)) {
      return; // one read at a time, whatever the number of open streams
    }
    try {
      // sharding answers on its own: the ask waits on no thread, and a region that does not answer
      // in time leaves the counts out, never the rest
      CompletableFuture<Map<String, Object>> shards = shardsByMember().exceptionally(failure -> Map.of());
      CompletableFuture.supplyAsync(this::readStored, blocking).thenCombine(shards, (read, counts) -> {
        Map<String, Object> all = new LinkedHashMap<>(read);
        all.put("shardsByMember", counts);
        return all;
      }).whenComplete((read, failure) -> {
        if (failure == null) {
          slow = read;
        } else {
          Map<String, Object> failed = new LinkedHashMap<>(slow);
          failed.put("storedError", String.valueOf(failure.getCause() == null ? failure : failure.getCause()));
          slow = failed;
        }
        slowReadAt = clock.instant();
        refreshing.set(false);
      });
    } catch (RuntimeException e) { // the executor refused it: try again at the next tick
      refreshing.set(false);
    }
  }

  private Map<String, Object> cluster() {
    Cluster cluster = Cluster.get(system);
    CurrentClusterState state = cluster.state();
    Set<Address> unreachable = state.getUnreachable().stream().map(Member::address).collect(Collectors.toSet());
    List<Map<String, Object>> members = new ArrayList<>();
    for (Member member : StreamSupport.stream(state.getMembers().spliterator(), false).toList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", member.address().toString());
      m.put("status", member.status().toString());
      m.put("roles", member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList());
      m.put("reachable", !unreachable.contains(member.address()));
      m.put("self", member.address().equals(cluster.selfMember().address()));
      members.add(m);
    }
    Object shardStats = slow.get("shardsByMember");
    if (shardStats instanceof Map<?, ?> byMember) {
      for (Map<String, Object> m : members) {
        Object counts = byMember.get(m.get("address"));
        if (counts instanceof Map<?, ?> c) {
          m.put("shards", c.get("shards"));
          m.put("entities", c.get("entities"));
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("self", cluster.selfMember().address().toString());
    out.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
    out.put("members", members);
    return out;
  }

  private Map<String, Object> readStored() {
    Map<String, Object> stored = new LinkedHashMap<>();
    List<Map<String, Object>> models = new ArrayList<>();
    List<RegisteredModel> registered = registry.list();
    for (RegisteredModel model : registered.stream().limit(MODELS_SHOWN).toList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", model.version());
      m.put("kind", model.kind());
      m.put("status", model.status().name().toLowerCase(java.util.Locale.ROOT));
      m.put("parentVersion", model.parentVersion());
      m.put("createdAt", model.createdAt() == null ? null : model.createdAt().toString());
      m.put("examples", model.examples());
      m.put("reason", model.reason());
      m.put("evaluation", model.evaluation());
      models.add(m);
    }
    stored.put("models", models);
    Optional<ChampionPointer> champion = registry.champion();
    stored.put("champion", champion.map(ChampionPointer::version).orElse(null));
    // the champion's freshness, whether or not it is among the newest registrations shown
    stored.put("championSince", champion.map(c -> c.since() == null ? null : c.since().toString()).orElse(null));
    stored.put("championCreatedAt", champion.flatMap(c -> registered.stream()
        .filter(m -> m.version().equals(c.version())).findFirst())
        .map(m -> m.createdAt() == null ? null : m.createdAt().toString()).orElse(null));
    stored.put("rollbackTo", rollbackTarget(registered).orElse(null));
    Map<String, Object> learning = new LinkedHashMap<>();
    StreamOffset join = null;
    for (String stream : STREAMS) {
      Optional<StreamOffset> offset = offsets.load(stream);
      if (offset.isPresent()) {
        learning.put(stream, describe(offset.get()));
        if (stream.equals(ExampleJoiner.STREAM)) {
          join = offset.get();
        }
      }
    }
    stored.put("learning", learning);
    // the same figures as GET /v1/admin/learning's variants
    stored.put("abTest", LearningStatusRoutes.variants(join));
    if (join != null && join.updatedAt() != null) {
      stored.put("joinUpdatedAt", join.updatedAt().toString());
    }
    return stored;
  }

  /** Shards and live user entities per member address (a region that did not answer in time is left out). */
  private CompletableFuture<Map<String, Object>> shardsByMember() {
    return AskPattern.<ClusterShardingQuery, ClusterShardingStats>ask(ClusterSharding.get(system).shardState(),
            replyTo -> new GetClusterShardingStats(UserEntity.TYPE_KEY, SHARD_STATS_TIMEOUT, replyTo),
            SHARD_STATS_TIMEOUT.plusSeconds(1), system.scheduler())
        .toCompletableFuture().thenApply(DashboardSnapshots::countsByMember);
  }

  private static Map<String, Object> countsByMember(ClusterShardingStats stats) {
    Map<String, Object> byMember = new LinkedHashMap<>();
    stats.getRegions().forEach((address, region) -> {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("shards", region.getStats().size());
      counts.put("entities", region.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum());
      byMember.put(address.toString(), counts);
    });
    return byMember;
  }

  /** The version a rollback promotes: the newest retired one (a champion is retired when replaced). */
  static Optional<String> rollbackTarget(List<RegisteredModel> models) {
    return models.stream()
        .filter(m -> m.status() == ModelStatus.RETIRED)
        .max(Comparator.comparing(m -> m.statusChangedAt() == null ? Instant.EPOCH : m.statusChangedAt()))
        .map(RegisteredModel::version);
  }

  private static Map<String, Object> describe(StreamOffset offset) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("offset", offset.offset().toString());
    m.put("updatedAt", offset.updatedAt() == null ? null : offset.updatedAt().toString());
    m.put("counters", offset.counters());
    return m;
  }
}
