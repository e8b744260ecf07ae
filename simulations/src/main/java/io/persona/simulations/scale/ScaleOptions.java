package io.persona.simulations.scale;

import io.persona.simulations.PersonaHttp;
import io.persona.simulations.serving.ServingDataset;

import java.time.Duration;
import java.util.Locale;

/**
 * Knobs of the scale-out benchmark. Each is a system property ({@code -Dbench.measure-seconds=20})
 * or, when that is absent, an environment variable of the same name ({@code BENCH_MEASURE_SECONDS=20}).
 *
 * @param dataset             the catalog and users seeded before phase 1 (bench.items, bench.users, ...)
 * @param ingestConcurrency   closed-loop producers posting event batches, in both phases
 * @param batchSize           events per POST /v1/events
 * @param recommendConcurrency closed-loop clients asking for recommendations, in both phases
 * @param k                   recommendations per request
 * @param warmup              load before the measured repetitions of a phase, not counted
 * @param measure             length of one measured repetition
 * @param repetitions         measured repetitions per workload and phase (medians are reported)
 * @param nodeHeap            -Xmx of each Persona node JVM
 * @param remotePortBase      node i listens for Artery on base + i (the HTTP and management ports likewise)
 * @param nodeStartTimeout    how long a node may take to answer /health/ready
 * @param balanceTimeout      how long phase 2 waits for shards to move to the second node
 * @param balancedShare       the share of allocated shards the second node must hold before phase 2 measures
 *                            (a phase of n nodes asks the joining node for this × 2 / n)
 * @param stableFor           and how long the shard counts must then stay unchanged (rebalancing is over;
 *                            0: measure as soon as the share is reached)
 * @param operatorKey         the nodes' operator key: PERSONA_OPERATOR_KEY, else the local profiles' (what
 *                            {@link PersonaHttp} sends), for the seeding, the load and GET /v1/admin/**
 * @param keepKeyspace        leave the run's keyspace in Cassandra instead of dropping it at the end
 * @param nodes               how many nodes the last phase has (2 or 3): one phase per node count from 1
 * @param nodeCpus            each node's CPU quota in cores (cgroup v1, e.g. 0.5); 0: no quota
 */
record ScaleOptions(
    ServingDataset dataset, int ingestConcurrency, int batchSize, int recommendConcurrency, int k,
    Duration warmup, Duration measure, int repetitions, String nodeHeap,
    int remotePortBase, int httpPortBase, int managementPortBase,
    Duration nodeStartTimeout, Duration balanceTimeout, double balancedShare, Duration stableFor,
    String operatorKey, boolean keepKeyspace, int nodes, double nodeCpus) {

  ScaleOptions {
    if (nodes < 2 || nodes > 3) {
      throw new IllegalArgumentException("bench.nodes must be 2 or 3, not " + nodes);
    }
    if (nodeCpus < 0) {
      throw new IllegalArgumentException("bench.node-cpus must be 0 (no quota) or positive, not " + nodeCpus);
    }
  }

  static ScaleOptions fromEnvironment() {
    return new ScaleOptions(
        new ServingDataset(integer("bench.items", 10_000), integer("bench.categories", 100),
            integer("bench.users", 2_000), integer("bench.events-per-user", 10), integer("bench.seed", 42)),
        integer("bench.ingest-concurrency", 8),
        integer("bench.batch", 100),
        integer("bench.recommend-concurrency", 16),
        integer("bench.k", 10),
        Duration.ofSeconds(integer("bench.warmup-seconds", 15)),
        Duration.ofSeconds(integer("bench.measure-seconds", 30)),
        integer("bench.repetitions", 3),
        text("bench.node-heap", "1g"),
        integer("bench.remote-port-base", 25600),
        integer("bench.http-port-base", 8100),
        integer("bench.management-port-base", 8600),
        Duration.ofSeconds(integer("bench.node-start-timeout-seconds", 300)),
        Duration.ofSeconds(integer("bench.balance-timeout-seconds", 600)),
        Double.parseDouble(text("bench.balanced-share", "0.4")),
        Duration.ofSeconds(integer("bench.balance-stable-seconds", 30)),
        // the key the seeder (PersonaHttp) sends: the nodes are started with it
        PersonaHttp.OPERATOR_KEY,
        Boolean.parseBoolean(text("bench.keep-keyspace", "false")),
        integer("bench.nodes", 2),
        Double.parseDouble(text("bench.node-cpus", "0")));
  }

  /** The property, else BENCH_... from the environment, else the default. */
  static String text(String property, String defaultValue) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  private static int integer(String property, int defaultValue) {
    return Integer.parseInt(text(property, Integer.toString(defaultValue)));
  }
}
