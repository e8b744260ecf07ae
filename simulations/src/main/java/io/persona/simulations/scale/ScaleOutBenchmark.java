package io.persona.simulations.scale;

import io.persona.actors.node.NodeConfig;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.simulations.node.CpuQuota;
import io.persona.simulations.node.Keyspaces;
import io.persona.simulations.node.NodeLaunch;
import io.persona.simulations.node.NodeProcess;
import io.persona.simulations.node.ProjectRoot;
import io.persona.simulations.serving.CatalogSeeder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest and recommendation throughput with one Persona node, then two (and three, with
 * {@code bench.nodes=3}), over the same Cassandra node, in one run. Each node is its own JVM
 * started as an operator starts one (profile "cluster", environment overrides); with
 * {@code bench.node-cpus} each runs inside a cgroup CPU quota of its own ({@link CpuQuota}), so that
 * a node is a machine of that size while Cassandra and the load generator stay outside the quotas.
 * Phase 1 seeds the catalog and users through node 1 and measures; each next phase starts one more
 * node, waits until it is Up, has taken over its part of the user shards and has loaded the
 * catalog, then spreads the same closed-loop clients over every node and measures again. Writes
 * simulations/results/scale-out.json (medians, p50/p99, the ratios to one node).
 *
 * <p>Run it from the project root (simulations/bench-scale does); options in {@link ScaleOptions}.
 */
public final class ScaleOutBenchmark {
  /** How long a node may take to leave the cluster and exit after SIGTERM before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(90);

  private ScaleOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    ScaleOptions options = ScaleOptions.fromEnvironment();
    Path work = ProjectRoot.target("simulations", "scale");
    String runId = "sc" + Long.toString(System.currentTimeMillis(), 36);
    String keyspace = "persona_scale_" + runId;
    // the bench profile: the project's own local Cassandra node, started or reused
    CassandraSettings cassandra = CassandraSettings.fromConfig(NodeConfig.load("bench"));
    // stopped gracefully below; the launcher kills any still running when this JVM exits
    List<NodeProcess> nodes = new ArrayList<>();
    List<CpuQuota> quotas = new ArrayList<>();

    try (LocalCassandraNode cassandraNode = LocalCassandraNode.ensureRunning(cassandra.localNodeSettings())) {
      try {
        run(options, work, runId, keyspace, cassandraNode, nodes, quotas);
      } finally {
        stopAll(nodes);
        quotas.forEach(CpuQuota::close);
        if (!options.keepKeyspace()) {
          Keyspaces.drop(cassandra, cassandraNode.contactPoint(), keyspace);
        }
      }
    }
    System.exit(0);
  }

  private static void run(ScaleOptions options, Path work, String runId, String keyspace,
                          LocalCassandraNode cassandraNode, List<NodeProcess> nodes, List<CpuQuota> quotas)
      throws Exception {
    ClusterWatch watch = new ClusterWatch(options.operatorKey());
    Workloads workloads = new Workloads(options, runId);
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("cassandra", (cassandraNode.startedHere() ? "started" : "reused") + " at " + cassandraNode.contactPoint());
    setup.put("keyspace", keyspace);
    setup.put("model", System.getenv().getOrDefault("PERSONA_RECOMMEND_MODEL_FILE", "none: the popularity ranker"));
    setup.put("nodeCpus", options.nodeCpus() > 0 ? options.nodeCpus()
        : "unconstrained: every node may use every core");

    NodeProcess first = startNode(1, options, cassandraNode, keyspace, work, nodes, quotas);
    seed(first.base(), options, setup);
    awaitCatalog(watch, first, options);
    List<PhaseFigures> phases = new ArrayList<>();
    phases.add(measure(List.of(first.base()), options, workloads, watch, first.base(), quotas));

    for (int count = 2; count <= options.nodes(); count++) {
      long joining = System.nanoTime();
      NodeProcess next = startNode(count, options, cassandraNode, keyspace, work, nodes, quotas);
      // the joining node's share of the shards before measuring: balanced-share is the 2-node figure
      double share = options.balancedShare() * 2 / count;
      int members = count;
      Map<String, ClusterWatch.Member> balanced = watch.awaitMembers(first.base(), options.balanceTimeout(),
          current -> balanced(current, members, next.address(), share));
      if (!options.stableFor().isZero()) {
        Duration left = options.balanceTimeout().minusNanos(System.nanoTime() - joining);
        balanced = watch.awaitStableShards(first.base(), options.stableFor(), left.isNegative() ? Duration.ZERO : left);
      }
      String label = "node" + count;
      setup.put(label + "BalancedAfterSeconds", Math.round((System.nanoTime() - joining) / 1e9));
      setup.put(label + "Balanced", balanced(balanced, count, next.address(), share));
      setup.put(label + "ShardsWhenBalanced", balanced.entrySet().stream()
          .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue().shards()), Map::putAll));
      if (!balanced(balanced, count, next.address(), share)) {
        System.err.println("Node " + count + " holds fewer than " + share + " of the shards after "
            + options.balanceTimeout().toSeconds() + " s (" + balanced + "); measuring anyway, as recorded.");
      }
      System.out.println("Shards: " + setup.get(label + "ShardsWhenBalanced"));
      awaitCatalog(watch, next, options);
      phases.add(measure(nodes.stream().map(NodeProcess::base).toList(), options, workloads, watch, first.base(),
          quotas));
    }

    Path out = ScaleReport.write(options, setup, phases);
    ScaleReport.print(phases);
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  /**
   * Node {@code index} (1, 2, ...) of the benchmark's layout, configured by environment variables
   * only, as an operator runs one; node 1 is the seed every node joins. What the caller exported as
   * PERSONA_... (PERSONA_RECOMMEND_MODEL_FILE, ...) reaches the nodes, under the benchmark's own.
   * With {@code bench.node-cpus}, the node runs inside a CPU quota of its own.
   */
  private static NodeProcess startNode(int index, ScaleOptions options, LocalCassandraNode cassandraNode,
                                       String keyspace, Path work, List<NodeProcess> nodes, List<CpuQuota> quotas) {
    NodeLaunch launch = launch(index, options, work).withEnv(Map.of(
        "PERSONA_SEED_NODES", launch(1, options, work).address(),
        "PERSONA_CASSANDRA_CONTACT_POINTS", cassandraNode.contactPoint(),
        "PERSONA_CASSANDRA_LOCAL", "false",
        "PERSONA_CASSANDRA_KEYSPACE", keyspace,
        "PERSONA_LEARNING_ENABLED", "false",
        "PERSONA_OPERATOR_KEY", options.operatorKey()));
    CpuQuota quota = null;
    if (options.nodeCpus() > 0) {
      quota = CpuQuota.create("node-" + index, options.nodeCpus());
      quotas.add(quota);
    }
    System.out.println("Starting node " + index + (quota == null ? "" : " in a CPU quota of " + quota)
        + " (log: " + launch.log() + ") ...");
    NodeProcess node = NodeProcess.start(launch, quota);
    nodes.add(node);
    node.awaitReady(options.nodeStartTimeout());
    System.out.println("Node " + index + " is ready at " + node.base());
    return node;
  }

  /** Node {@code index}'s ports and heap, with the PERSONA_ settings this JVM was given. */
  private static NodeLaunch launch(int index, ScaleOptions options, Path work) {
    Map<String, String> exported = new LinkedHashMap<>();
    System.getenv().forEach((key, value) -> {
      if (key.startsWith("PERSONA_")) {
        exported.put(key, value);
      }
    });
    return new NodeLaunch("node-" + index, work, List.of("-Xmx" + options.nodeHeap()), options.httpPortBase() + index,
        options.remotePortBase() + index, options.managementPortBase() + index, exported);
  }

  /** The catalog and every user's history, through node 1, as bench-serving seeds its node. */
  private static void seed(URI node, ScaleOptions options, Map<String, Object> setup) throws Exception {
    CatalogSeeder seeder = new CatalogSeeder(node, 4);
    long started = System.nanoTime();
    long items = seeder.seedItems(options.dataset());
    CatalogSeeder.EventTotals events = seeder.seedEvents(options.dataset(), Instant.now());
    System.out.printf("Seeded %,d items and %,d events (%,d accepted) in %.0f s%n", items, events.sent(),
        events.accepted(), (System.nanoTime() - started) / 1e9);
    setup.put("seededItems", items);
    setup.put("seededEventsAccepted", events.accepted());
  }

  /** Waits until the node's vector index holds the whole catalog (a joining node loads it first). */
  private static void awaitCatalog(ClusterWatch watch, NodeProcess node, ScaleOptions options) throws Exception {
    long deadline = System.nanoTime() + options.nodeStartTimeout().toNanos();
    while (watch.indexedVectors(node.base()) < options.dataset().items()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node " + node.name() + " did not index the catalog in time");
      }
      Thread.sleep(1000);
    }
  }

  /** {@code count} members, all Up, and the joining one holds at least {@code share} of the allocated user shards. */
  private static boolean balanced(Map<String, ClusterWatch.Member> members, int count, String joining, double share) {
    if (members.size() < count || !members.values().stream().allMatch(m -> m.status().equals("Up"))) {
      return false;
    }
    ClusterWatch.Member joined = members.get(joining);
    int total = members.values().stream().mapToInt(m -> m.shards() == null ? 0 : m.shards()).sum();
    return joined != null && joined.shards() != null && total > 0 && joined.shards() >= share * total;
  }

  /** One phase: a warm-up of each workload, then the measured runs, ingest and recommend taking turns. */
  private static PhaseFigures measure(List<URI> targets, ScaleOptions options, Workloads workloads, ClusterWatch watch,
                                      URI observer, List<CpuQuota> quotas) throws Exception {
    String label = targets.size() + (targets.size() == 1 ? " node" : " nodes");
    Map<String, ClusterWatch.Member> before = shards(watch, observer);
    List<Map<String, Long>> cpuBefore = quotas.stream().map(CpuQuota::stat).toList();
    System.out.printf("[%s] warming up for 2 x %d s ...%n", label, options.warmup().toSeconds());
    ClosedLoop.run(targets, options.ingestConcurrency(), options.warmup(), 1, workloads::ingest);
    ClosedLoop.run(targets, options.recommendConcurrency(), options.warmup(), 2, workloads::recommend);
    List<LoadResult> ingest = new ArrayList<>();
    List<LoadResult> recommend = new ArrayList<>();
    for (int run = 1; run <= options.repetitions(); run++) {
      System.out.printf("[%s] run %d of %d: ingest, then recommend, %d s each ...%n", label, run,
          options.repetitions(), options.measure().toSeconds());
      ingest.add(ClosedLoop.run(targets, options.ingestConcurrency(), options.measure(), 10L + run, workloads::ingest));
      recommend.add(ClosedLoop.run(targets, options.recommendConcurrency(), options.measure(), 20L + run,
          workloads::recommend));
    }
    Map<String, Map<String, Long>> cpu = new LinkedHashMap<>();
    for (int i = 0; i < quotas.size(); i++) {
      cpu.put("node-" + (i + 1), CpuQuota.difference(quotas.get(i).stat(), cpuBefore.get(i)));
    }
    return new PhaseFigures(targets.size(), WorkloadFigures.of(ingest), WorkloadFigures.of(recommend), before,
        shards(watch, observer), cpu);
  }

  /** The members and their shards; sharding statistics can time out under load, so asked a few times. */
  private static Map<String, ClusterWatch.Member> shards(ClusterWatch watch, URI observer) throws InterruptedException {
    return watch.awaitMembers(observer, Duration.ofSeconds(20), members -> !members.isEmpty()
        && members.values().stream().allMatch(member -> member.shards() != null));
  }

  /** Newest first: each leaves while the older nodes can still take its shards. */
  private static void stopAll(List<NodeProcess> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).stop(STOP_GRACE);
    }
  }
}
