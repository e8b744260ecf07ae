package io.persona.gateway.dashboard;

import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.RegisteredModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What the dashboard shows, as one JSON-ready map per second: this node and its view of the
 * cluster (members, roles, status, reachability, leader), its traffic ({@link TrafficMeter}), and,
 * read from Cassandra every {@code slowEvery} (off the request threads), the model registry and the
 * learning loop's offsets with their counters. A failed read shows as an error beside the last
 * figures; the stream goes on.
 */
public final class DashboardSnapshots {
  /** The learning loop's stored offsets the dashboard shows, by stream name. */
  static final List<String> STREAMS = List.of("example-join", "trainer", "monitors", "embeddings");
  private static final int MODELS_SHOWN = 20;

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
      CompletableFuture.supplyAsync(this::readStored, blocking).whenComplete((read, failure) -> {
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
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("self", cluster.selfMember().address().toString());
    out.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
    out.put("members", members);
    return out;
  }

  private Map<String, Object> readStored() {
    Map<String, Object> stored = new LinkedHashMap<>();
    List<Map<String, Object>> models = new ArrayList<>();
    for (RegisteredModel model : registry.list().stream().limit(MODELS_SHOWN).toList()) {
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
    stored.put("champion", registry.champion().map(c -> c.version()).orElse(null));
    Map<String, Object> learning = new LinkedHashMap<>();
    for (String stream : STREAMS) {
      offsets.load(stream).ifPresent(offset -> learning.put(stream, describe(offset)));
    }
    stored.put("learning", learning);
    return stored;
  }

  private static Map<String, Object> describe(StreamOffset offset) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("offset", offset.offset().toString());
    m.put("updatedAt", offset.updatedAt() == null ? null : offset.updatedAt().toString());
    m.put("counters", offset.counters());
    return m;
  }
}
