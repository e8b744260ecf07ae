package io.persona.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

class NodeConfigTest {

  private static Config base() {
    return ConfigFactory.parseString("""
        persona {
          http.port = 8080
          recommend.candidates.total = 500
          recommend.profile-timeout = 3s
          ranking.dcn.deep-layers = [128, 64]
          cluster { seed-nodes = "", roles = "gateway,entity,trainer" }
        }
        """).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void variableNamesFollowThePath() {
    assertEquals("PERSONA_RECOMMEND_CANDIDATES_TOTAL", EnvironmentOverrides.variableFor("persona.recommend.candidates.total"));
    assertEquals("PERSONA_RECOMMEND_PROFILE_TIMEOUT", EnvironmentOverrides.variableFor("persona.recommend.profile-timeout"));
  }

  @Test
  void anyPersonaSettingIsOverriddenByItsVariableWithItsType() {
    Config config = EnvironmentOverrides.apply(base(), Map.of(
        "PERSONA_HTTP_PORT", "9001",
        "PERSONA_RECOMMEND_PROFILE_TIMEOUT", "750ms",
        "PERSONA_RANKING_DCN_DEEP_LAYERS", "[256, 128, 64]",
        "UNRELATED", "x"));
    assertEquals(9001, config.getInt("persona.http.port"));
    assertEquals(Duration.ofMillis(750), config.getDuration("persona.recommend.profile-timeout"));
    assertEquals(List.of(256, 128, 64), config.getIntList("persona.ranking.dcn.deep-layers"));
    assertEquals(500, config.getInt("persona.recommend.candidates.total"));
  }

  @Test
  void aListThatIsNotHoconIsRefusedWithTheVariableName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        EnvironmentOverrides.apply(base(), Map.of("PERSONA_RANKING_DCN_DEEP_LAYERS", "[256,")));
    assertTrue(e.getMessage().contains("PERSONA_RANKING_DCN_DEEP_LAYERS"), e.getMessage());
  }

  @Test
  void theJournalDeletesOnlyWhereEventsAreDeleted() {
    String deletes = "pekko.persistence.cassandra.journal.support-deletes";
    assertEquals("keep-all", base().getString("persona.users.journal-retention"), "the default keeps every event");
    Config profileOff = ConfigFactory.parseString(deletes + " = off").withFallback(base());
    assertEquals(false, NodeConfig.withJournalRetention(profileOff).getBoolean(deletes), "the profile's value stands");
    Config retained = EnvironmentOverrides.apply(base(), Map.of("PERSONA_USERS_JOURNAL_RETENTION", "after-snapshots"));
    assertEquals(true, NodeConfig.withJournalRetention(ConfigFactory.parseString(deletes + " = off")
        .withFallback(retained)).getBoolean(deletes), "deleting events needs the journal's deletes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withJournalRetention(
        EnvironmentOverrides.apply(base(), Map.of("PERSONA_USERS_JOURNAL_RETENTION", "forever"))));
    assertTrue(e.getMessage().contains("keep-all or after-snapshots"), e.getMessage());
  }

  @Test
  void theLiveUserCapFitsAQuarterOfTheHeapAtTheCostOfAUserAtItsCaps() {
    String limit = NodeConfig.ACTIVE_ENTITY_LIMIT;
    long gib = 1L << 30;
    assertEquals("auto", base().getString("persona.users.max-active"));
    assertEquals(10_922, NodeConfig.withActiveUsers(base(), gib).getInt(limit), "1 GiB / 4 / 24 KiB");
    assertEquals(100_000, NodeConfig.withActiveUsers(base(), 32 * gib).getInt(limit), "at most 100,000 by itself");
    assertEquals(1_000, NodeConfig.withActiveUsers(base(), 16L << 20).getInt(limit), "at least 1,000");
    Config half = EnvironmentOverrides.apply(base(), Map.of("PERSONA_USERS_LIVE_HEAP_SHARE", "0.5"));
    assertEquals(21_845, NodeConfig.withActiveUsers(half, gib).getInt(limit));

    Config given = ConfigFactory.parseString("persona.users.max-active = 250000").withFallback(base());
    assertEquals(250_000, NodeConfig.withActiveUsers(given, gib).getInt(limit), "a number stands as given");
    for (String bad : List.of("0", "-5", "lots")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withActiveUsers(
          ConfigFactory.parseString("persona.users.max-active = \"" + bad + "\"").withFallback(base()), gib));
      assertTrue(e.getMessage().contains("PERSONA_MAX_ACTIVE_USERS") && e.getMessage().contains(bad), e.getMessage());
    }
    assertTrue(NodeConfig.derived(base()).getInt(limit) >= 1_000, "a node's configuration always carries the cap");
  }

  @Test
  void seedsAndRolesBecomePekkoLists() {
    Config config = NodeConfig.withCluster(ConfigFactory.parseString("""
        persona.cluster { seed-nodes = " pekko://persona@10.0.0.1:25520 ,pekko://persona@10.0.0.2:25520", roles = "entity, trainer" }
        """).withFallback(base()));
    assertEquals(List.of("pekko://persona@10.0.0.1:25520", "pekko://persona@10.0.0.2:25520"),
        config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of("entity", "trainer"), config.getStringList("pekko.cluster.roles"));
  }

  @Test
  void noSeedsLeavesPekkosOwnListAndAnUnknownRoleIsRefused() {
    Config config = NodeConfig.withCluster(ConfigFactory.parseString(
        "pekko.cluster.seed-nodes = [\"pekko://persona@h:1\"]").withFallback(base()));
    assertEquals(List.of("pekko://persona@h:1"), config.getStringList("pekko.cluster.seed-nodes"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster.roles = \"gateway,worker\"").withFallback(base())));
    assertTrue(e.getMessage().contains("worker"), e.getMessage());
  }

  @Test
  void kubernetesDiscoveryConfiguresClusterBootstrapOnThePodsManagementPorts() {
    Config config = NodeConfig.withCluster(ConfigFactory.parseString(
        "persona.cluster { discovery = kubernetes-api, discovery-service = shop-persona, discovery-required-contacts = 3 }")
        .withFallback(base()));
    String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("kubernetes-api", config.getString(bootstrap + "discovery-method"));
    assertEquals("shop-persona", config.getString(bootstrap + "service-name"));
    assertEquals(3, config.getInt(bootstrap + "required-contact-point-nr"));
    assertEquals("management", config.getString(bootstrap + "port-name"));
    assertEquals(true, config.getBoolean("pekko.discovery.kubernetes-api.use-raw-ip"));
    assertTrue(config.getStringList("pekko.cluster.seed-nodes").isEmpty());
  }

  @Test
  void configDiscoveryUsesTheServiceListed_andNoDiscoveryLeavesBootstrapAlone() {
    Config config = NodeConfig.withCluster(ConfigFactory.parseString("persona.cluster.discovery = config")
        .withFallback(base()));
    String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("config", config.getString(bootstrap + "discovery-method"));
    assertEquals("persona", config.getString(bootstrap + "service-name"));
    assertEquals(2, config.getInt(bootstrap + "required-contact-point-nr"));
    assertEquals(false, config.getBoolean("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port"),
        "every listed endpoint is probed, also several on one host");

    Config none = NodeConfig.withCluster(base());
    assertTrue(!none.hasPath(bootstrap + "discovery-method") || none.getString(bootstrap + "discovery-method")
        .equals("pekko.discovery"), "nothing is set without discovery");
  }

  @Test
  void anUnknownDiscoveryOrDiscoveryBesideSeedsIsRefusedByName() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster.discovery = dns").withFallback(base())));
    assertTrue(unknown.getMessage().contains("PERSONA_DISCOVERY") && unknown.getMessage().contains("kubernetes-api"),
        unknown.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster { discovery = kubernetes-api, seed-nodes = \"pekko://persona@h:1\" }")
            .withFallback(base())));
    assertTrue(both.getMessage().contains("PERSONA_SEED_NODES"), both.getMessage());
    IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster.join-self-allowed = false").withFallback(base())));
    assertTrue(alone.getMessage().contains("PERSONA_SEED_NODES") && alone.getMessage().contains("PERSONA_DISCOVERY"),
        alone.getMessage());
    NodeConfig.withCluster(ConfigFactory.parseString(
        "persona.cluster { join-self-allowed = false, discovery = kubernetes-api }").withFallback(base()));
    NodeConfig.withCluster(ConfigFactory.parseString(
        "persona.cluster { join-self-allowed = false, seed-nodes = \"pekko://persona@h:1\" }").withFallback(base()));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster { discovery = config, discovery-required-contacts = 0 }")
            .withFallback(base())));
    assertTrue(none.getMessage().contains("at least 1"), none.getMessage());
  }

  @Test
  void discoveryThatCouldNeverFormTheClusterIsRefusedAtStart() {
    IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster { discovery = kubernetes-api, join-self-allowed = false, "
            + "discovery-required-contacts = 1 }").withFallback(base())));
    assertTrue(alone.getMessage().contains("at least 2"), alone.getMessage());
    IllegalArgumentException anyPort = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster.discovery = config\npekko.management.http.port = 0")
            .withFallback(base())));
    assertTrue(anyPort.getMessage().contains("PERSONA_MANAGEMENT_PORT"), anyPort.getMessage());
    IllegalArgumentException named = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCluster(
        ConfigFactory.parseString("persona.cluster.discovery = kubernetes-api\n"
            + "pekko.management.http { hostname = \"persona-0.persona-cluster\", port = 8558 }").withFallback(base())));
    assertTrue(named.getMessage().contains("PERSONA_MANAGEMENT_HOST"), named.getMessage());
    Config podIp = NodeConfig.withCluster(ConfigFactory.parseString("persona.cluster.discovery = kubernetes-api\n"
        + "pekko.management.http { hostname = \"10.1.2.3\", port = 8558 }").withFallback(base()));
    assertEquals("60s", podIp.getString("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes"),
        "a node stuck joining a cluster that went away stops, to be restarted");
  }

  @Test
  void theJournalsSessionGetsTheSameCredentialsAndTlsAsTheProjectsOwn() {
    Config plain = NodeConfig.withCassandra(base());
    assertTrue(!plain.hasPath("datastax-java-driver.advanced.auth-provider.username"), "no credentials by default");
    assertEquals("LOCAL_QUORUM", plain.getString("persona.cassandra.consistency"));

    Config secured = NodeConfig.withCassandra(ConfigFactory.parseString("""
        persona.cassandra {
          username = persona, password = "s3cret"
          ssl { enabled = true, truststore-path = "/etc/persona/truststore.p12", truststore-password = changeit }
        }
        """).withFallback(base()));
    assertEquals("PlainTextAuthProvider", secured.getString("datastax-java-driver.advanced.auth-provider.class"));
    assertEquals("persona", secured.getString("datastax-java-driver.advanced.auth-provider.username"));
    assertEquals("s3cret", secured.getString("datastax-java-driver.advanced.auth-provider.password"));
    assertEquals("DefaultSslEngineFactory", secured.getString("datastax-java-driver.advanced.ssl-engine-factory.class"));
    assertEquals("/etc/persona/truststore.p12",
        secured.getString("datastax-java-driver.advanced.ssl-engine-factory.truststore-path"));
    assertTrue(secured.getBoolean("datastax-java-driver.advanced.ssl-engine-factory.hostname-validation"));
  }

  @Test
  void anUnknownConsistencyIsRefusedWithTheSettingNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.withCassandra(
        ConfigFactory.parseString("persona.cassandra.consistency = LOCAL_MOST").withFallback(base())));
    assertTrue(e.getMessage().contains("PERSONA_CASSANDRA_CONSISTENCY"), e.getMessage());
  }

  @Test
  void theProductionTemplateTalksTlsToCassandraAndKeepsManagementOnTheInternalAddress() {
    Config environment = ConfigFactory.parseMap(Map.of("PERSONA_SEED_NODES", "pekko://persona@10.0.0.1:25520",
        "PERSONA_OPERATOR_KEY", "a-real-key", "PERSONA_REMOTE_HOST", "10.0.0.7"));
    Config production = environment.withFallback(ConfigFactory.parseResources("persona-production.conf"))
        .withFallback(ConfigFactory.defaultReference()).resolve();
    assertTrue(production.getBoolean("persona.cassandra.ssl.enabled"));
    assertTrue(production.getBoolean("persona.http.tls.enabled"), "HTTPS unless PERSONA_HTTP_TLS=false");
    assertEquals("tls-tcp", production.getString("pekko.remote.artery.transport"));
    assertTrue(production.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertTrue(production.getBoolean("persona.cassandra.ssl.hostname-validation"));
    assertEquals("LOCAL_QUORUM", production.getString("persona.cassandra.consistency"));
    assertEquals("10.0.0.7", production.getString("pekko.management.http.bind-hostname"));
    Config derived = NodeConfig.withCassandra(production);
    assertEquals("DefaultSslEngineFactory", derived.getString("datastax-java-driver.advanced.ssl-engine-factory.class"));
  }
}
