package io.persona.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.persistence.cassandra.CassandraAccess;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.actors.user.UserEntitySettings;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a node's configuration and derives Pekko's settings from Persona's own: the persistence
 * plugin's Cassandra settings from {@code persona.cassandra}, so contact points and keyspace are
 * configured in one place, and the cluster's seed nodes and roles from {@code persona.cluster},
 * whose comma-separated strings one environment variable can set (a HOCON list cannot).
 */
public final class NodeConfig {
  private NodeConfig() {}

  /**
   * Profile {@code name} loads {@code persona-<name>.conf} from the classpath (e.g. "local"), with
   * every {@code persona} setting overridable from the environment (EnvironmentOverrides).
   */
  public static Config load(String profile) {
    return derived(EnvironmentOverrides.apply(ConfigFactory.load("persona-" + profile), System.getenv()));
  }

  /** {@code config} with every Pekko setting that Persona's settings determine filled in. */
  public static Config derived(Config config) {
    return withActiveUsers(withJournalRetention(withCluster(withCassandra(config))), Runtime.getRuntime().maxMemory());
  }

  /** Where sharding reads how many user entities a node keeps in memory. */
  static final String ACTIVE_ENTITY_LIMIT = "pekko.cluster.sharding.passivation.persona-users.active-entity-limit";
  private static final int MIN_ACTIVE_USERS = 1_000;
  private static final int MAX_AUTO_ACTIVE_USERS = 100_000;

  /**
   * Sharding's cap on live user entities from {@code persona.users.max-active}: a number as given, or
   * {@code auto}: as many as fit in {@code live-heap-share} of {@code maxHeapBytes} at {@code
   * live-entity-bytes} each (a live entity at its caps, measured, with room for longer ids), between
   * 1,000 and 100,000. Idle entities stay for 30 minutes, so on a busy node the cap, not the timeout,
   * decides the memory they hold; a fixed 100,000 of them at their caps would need ~2 GB, more than a
   * default heap. It replaces whatever {@code active-entity-limit} the configuration held: the
   * setting is Persona's. Several nodes in one JVM (tests, benchmarks) each get the share of the
   * whole heap.
   */
  static Config withActiveUsers(Config config, long maxHeapBytes) {
    String configured = config.getString("persona.users.max-active").trim();
    int limit;
    if (configured.equals("auto")) {
      double share = config.getDouble("persona.users.live-heap-share");
      long perEntity = config.getBytes("persona.users.live-entity-bytes");
      if (!(share > 0 && share <= 1) || perEntity <= 0) {
        throw new IllegalArgumentException("persona.users.live-heap-share must be in (0, 1] and live-entity-bytes "
            + "positive, were " + share + " and " + perEntity);
      }
      long fits = (long) (maxHeapBytes * share / perEntity);
      limit = (int) Math.max(MIN_ACTIVE_USERS, Math.min(MAX_AUTO_ACTIVE_USERS, fits));
    } else {
      try {
        limit = Integer.parseInt(configured);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit <= 0) {
        throw new IllegalArgumentException("persona.users.max-active (PERSONA_MAX_ACTIVE_USERS) must be auto or a "
            + "positive number of user entities, was \"" + configured + "\"");
      }
    }
    return ConfigFactory.parseMap(Map.of(ACTIVE_ENTITY_LIMIT, limit)).withFallback(config);
  }

  /**
   * The journal's deletes are turned on where events are deleted ({@code persona.users.journal-retention
   * = after-snapshots}; with them on, every recovery reads the user's deletion mark first). Elsewhere
   * the configured value stands: off in the node profiles, and on where an operator who went back to
   * {@code keep-all} set it, as the plugin requires once events were deleted.
   */
  static Config withJournalRetention(Config config) {
    boolean deleting = UserEntitySettings.JournalRetention.parse(config.getString("persona.users.journal-retention"))
        == UserEntitySettings.JournalRetention.AFTER_SNAPSHOTS;
    return deleting ? ConfigFactory.parseMap(Map.of("pekko.persistence.cassandra.journal.support-deletes", true))
        .withFallback(config) : config;
  }

  public static Config withCassandra(Config config) {
    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    Map<String, Object> derived = new HashMap<>(Map.of(
        "datastax-java-driver.basic.contact-points", cassandra.contactPointStrings(),
        "datastax-java-driver.basic.load-balancing-policy.local-datacenter", cassandra.localDatacenter(),
        "datastax-java-driver.basic.request.timeout", cassandra.requestTimeout().toMillis() + "ms",
        "pekko.persistence.cassandra.journal.keyspace", cassandra.keyspace(),
        "pekko.persistence.cassandra.snapshot.keyspace", cassandra.keyspace()));
    // the journal's session reaches the same cluster the same way as the project's own
    CassandraAccess access = cassandra.access();
    if (access.hasCredentials()) {
      derived.put("datastax-java-driver.advanced.auth-provider.class", "PlainTextAuthProvider");
      derived.put("datastax-java-driver.advanced.auth-provider.username", access.username());
      derived.put("datastax-java-driver.advanced.auth-provider.password", access.password());
    }
    if (access.ssl()) {
      derived.put("datastax-java-driver.advanced.ssl-engine-factory.class", "DefaultSslEngineFactory");
      derived.put("datastax-java-driver.advanced.ssl-engine-factory.hostname-validation", access.hostnameValidation());
      if (!access.truststorePath().isEmpty()) {
        derived.put("datastax-java-driver.advanced.ssl-engine-factory.truststore-path", access.truststorePath());
        derived.put("datastax-java-driver.advanced.ssl-engine-factory.truststore-password",
            access.truststorePassword());
      }
    }
    return ConfigFactory.parseMap(derived).withFallback(config);
  }

  static Config withCluster(Config config) {
    Map<String, Object> derived = new HashMap<>();
    List<String> seeds = commaSeparated(config.getString("persona.cluster.seed-nodes"));
    if (!seeds.isEmpty()) {
      derived.put("pekko.cluster.seed-nodes", seeds);
    }
    String discovery = config.getString("persona.cluster.discovery").trim();
    if (!discovery.isEmpty()) {
      derived.putAll(bootstrap(config, discovery, seeds));
    } else if (seeds.isEmpty() && !config.getBoolean("persona.cluster.join-self-allowed")
        && config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      throw new IllegalArgumentException("Set persona.cluster.seed-nodes (PERSONA_SEED_NODES) or persona.cluster.discovery "
          + "(PERSONA_DISCOVERY): with neither this node would form a cluster of its own (join-self-allowed is false)");
    }
    List<String> roles = commaSeparated(config.getString("persona.cluster.roles"));
    for (String role : roles) {
      if (!NodeRoles.KNOWN.contains(role)) {
        throw new IllegalArgumentException("persona.cluster.roles (PERSONA_ROLES) names an unknown role \"" + role
            + "\"; the roles are " + NodeRoles.KNOWN);
      }
    }
    derived.put("pekko.cluster.roles", roles);
    return ConfigFactory.parseMap(derived).withFallback(config);
  }

  /** An IPv4 or IPv6 address written out (no name to resolve). */
  private static final java.util.regex.Pattern IP_LITERAL =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*]?");

  /** The ways {@code persona.cluster.discovery} may name, each a Pekko Discovery method Cluster Bootstrap uses. */
  public static final List<String> DISCOVERY_METHODS = List.of("kubernetes-api", "config");

  /** Cluster Bootstrap's settings for {@code persona.cluster.discovery}; refuses what cannot work. */
  private static Map<String, Object> bootstrap(Config config, String discovery, List<String> seeds) {
    if (!DISCOVERY_METHODS.contains(discovery)) {
      throw new IllegalArgumentException("persona.cluster.discovery (PERSONA_DISCOVERY) must be empty or one of "
          + DISCOVERY_METHODS + ", was \"" + discovery + "\"");
    }
    if (!seeds.isEmpty()) {
      throw new IllegalArgumentException("persona.cluster.seed-nodes (PERSONA_SEED_NODES) and persona.cluster.discovery "
          + "(PERSONA_DISCOVERY) are both set: a node either joins fixed seeds or finds the others by discovery");
    }
    int required = config.getInt("persona.cluster.discovery-required-contacts");
    int least = config.getBoolean("persona.cluster.join-self-allowed") ? 1 : 2;
    if (required < least) {
      throw new IllegalArgumentException("persona.cluster.discovery-required-contacts "
          + "(PERSONA_DISCOVERY_REQUIRED_CONTACTS) must be at least " + least + ", was " + required
          + (least == 2 ? " (with one, a node that finds only itself forms a cluster of its own)" : ""));
    }
    // Bootstrap recognises this node among the contact points by Management's advertised host and
    // configured port: a mismatch is no error there, the cluster just never forms
    if (config.hasPath("pekko.management.http.port") && config.getInt("pekko.management.http.port") == 0) {
      throw new IllegalArgumentException("persona.cluster.discovery (PERSONA_DISCOVERY) needs a fixed Management port "
          + "(PERSONA_MANAGEMENT_PORT), not 0: the other nodes ask this one there");
    }
    if (discovery.equals("kubernetes-api") && config.hasPath("pekko.management.http.hostname")
        && !IP_LITERAL.matcher(config.getString("pekko.management.http.hostname")).matches()) {
      throw new IllegalArgumentException("kubernetes-api discovery names each pod by its IP: Management must advertise "
          + "the pod's IP (PERSONA_MANAGEMENT_HOST=$(POD_IP)), not \"" + config.getString("pekko.management.http.hostname")
          + "\"; otherwise no node recognises itself and the cluster never forms");
    }
    String prefix = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    Map<String, Object> derived = new HashMap<>();
    derived.put(prefix + "discovery-method", discovery);
    derived.put(prefix + "service-name", config.getString("persona.cluster.discovery-service"));
    derived.put(prefix + "required-contact-point-nr", required);
    // a node that was told seeds of a cluster that then went away stops (and is restarted) instead of
    // retrying for ever while never ready
    derived.put("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes", "60s");
    if (discovery.equals("kubernetes-api")) {
      // contact points are the pods' IPs on their port named "management"; a node recognises itself
      // among them when Management's hostname is its pod IP (the manifests set PERSONA_MANAGEMENT_HOST)
      derived.put(prefix + "port-name", "management");
      derived.put("pekko.discovery.kubernetes-api.use-raw-ip", true);
    } else {
      // the listed endpoints are the nodes' Management endpoints, several may share a host: all are probed
      derived.put("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false);
    }
    return derived;
  }

  private static List<String> commaSeparated(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
