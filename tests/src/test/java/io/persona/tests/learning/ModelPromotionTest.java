package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.ranking.training.TrainingSettings;
import io.persona.models.synthetic.SyntheticWorld;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;
import io.persona.tests.serving.ServingCatalog;
import io.persona.gateway.cli.ModelsCommand;
import io.persona.gateway.cli.StatusCommand;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.CommandOutput;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Promotion over HTTP on one node of two: the registry's champion changes, both nodes serve the new
 * model within seconds (pub-sub, with the registry poll behind it), and an older version can be
 * promoted again (rollback). Unknown and malformed versions are 4xx problems.
 */
@ExtendWith(SharedCassandra.class)
class ModelPromotionTest {
  private static final String KEYSPACE =
      "persona_promote_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static PersonaNode first;
  private static PersonaNode second;
  private static CqlSession session;

  @BeforeAll
  static void start() {
    Config keyspace = ConfigFactory.parseString("persona.cassandra.keyspace = \"" + KEYSPACE + "\"\n"
        + "persona.learning.champion-poll = 3s");
    first = TestNodes.start(keyspace);
    String seed = Cluster.get(first.system()).selfMember().address().toString();
    second = TestNodes.start(ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", List.of(seed)))
        .withFallback(keyspace));
    ServingCatalog.create(new HttpJson(first.httpPort()), 4, 10);
    session = CassandraSessions.connect(SharedCassandra.settings());
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    if (session != null) {
      SharedCassandra.dropKeyspace(session, KEYSPACE);
      session.close();
    }
  }

  @Test
  void promotingOnOneNodeSwapsEveryNodeAndAnOlderVersionCanComeBack() throws Exception {
    FeatureSpec spec = first.parts().spec();
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), spec.profileSettings());
    RankerFitting fitting = new RankerFitting(spec,
        FittingSettings.defaults().withTraining(new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 1)));
    ModelRegistryRepository registry = new ModelRegistryRepository(session, KEYSPACE);
    String a = "dcn-a-" + UUID.randomUUID().toString().substring(0, 8);
    String b = "dcn-b-" + UUID.randomUUID().toString().substring(0, 8);
    for (String version : List.of(a, b)) {
      ModelArtifact model = fitting.fitNetwork(DcnV2Architecture.defaults(),
          SyntheticWorld.encode(spec, world.sample(2_000, version.hashCode())), ModelLineage.fresh(version));
      registry.register(model, ModelStatus.CHALLENGER, Map.of("challenger.auc", 0.7), "registered by the test");
    }
    HttpJson one = new HttpJson(first.httpPort()).asOperator();
    HttpJson two = new HttpJson(second.httpPort()).asOperator();

    HttpJson.Reply promoted = one.postJson("/v1/models/" + a + "/promote", "");
    assertEquals(200, promoted.status(), promoted.raw().body());
    assertEquals(a, promoted.json().get("champion").asText());
    awaitServing(one, a);
    awaitServing(two, a);

    assertEquals(200, two.postJson("/v1/models/" + b + "/promote", "").status());
    awaitServing(one, b);
    awaitServing(two, b);
    JsonNode listed = one.get("/v1/models").json();
    assertEquals(b, listed.get("champion").asText(), listed.toString());
    assertEquals("retired", status(listed, a));
    assertEquals("champion", status(listed, b));

    // rollback
    assertEquals(200, one.postJson("/v1/models/" + a + "/promote", "").status());
    awaitServing(one, a);
    awaitServing(two, a);
    assertEquals("champion", one.get("/v1/models/" + a).json().get("status").asText());
  }

  /**
   * {@code persona models} and {@code persona status} against the running nodes: promote, a
   * rollback to the version that was champion before, the list, the summary, --help, and the exit
   * codes a script relies on.
   */
  @Test
  void theCommandLinePromotesRollsBackListsAndSummarises() throws Exception {
    FeatureSpec spec = first.parts().spec();
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), spec.profileSettings());
    RankerFitting fitting = new RankerFitting(spec,
        FittingSettings.defaults().withTraining(new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 1)));
    ModelRegistryRepository registry = new ModelRegistryRepository(session, KEYSPACE);
    String c = "dcn-c-" + UUID.randomUUID().toString().substring(0, 8);
    String d = "dcn-d-" + UUID.randomUUID().toString().substring(0, 8);
    for (String version : List.of(c, d)) {
      ModelArtifact model = fitting.fitNetwork(DcnV2Architecture.defaults(),
          SyntheticWorld.encode(spec, world.sample(1_000, version.hashCode())), ModelLineage.fresh(version));
      registry.register(model, ModelStatus.CHALLENGER, Map.of("challenger.auc", 0.7), "registered by the test");
    }
    String url = "http://127.0.0.1:" + first.httpPort();
    String key = SharedCassandra.testConfig().getString("persona.admin.operator-key");
    HttpJson two = new HttpJson(second.httpPort()).asOperator();

    assertEquals(0, ModelsCommand.execute("promote", c, "--url", url, "--operator-key", key));
    awaitServing(two, c);
    Thread.sleep(5); // the retirement of c must come after any earlier one: statusChangedAt orders them
    assertEquals(0, ModelsCommand.execute("promote", d, "--url", url, "--operator-key", key));
    awaitServing(two, d);
    String listed = CommandOutput.printed(() -> ModelsCommand.execute("list", "--url", url, "--operator-key", key));
    assertTrue(listed.contains(d) && listed.contains("champion") && listed.contains(c), listed);

    assertEquals(0, ModelsCommand.execute("rollback", "--url", url, "--operator-key", key));
    awaitServing(two, c);
    assertEquals("champion", two.get("/v1/models/" + c).json().get("status").asText());

    assertEquals(1, ModelsCommand.execute("promote", "no-such-model", "--url", url, "--operator-key", key));
    assertEquals(1, ModelsCommand.execute("list", "--url", url, "--operator-key", "not-the-key"));
    assertEquals(3, ModelsCommand.execute("list", "--url", "http://127.0.0.1:9", "--operator-key", key));
    assertEquals(2, ModelsCommand.execute("promote"), "a usage error");

    // events flow while status watches the counters: its rate must see them
    HttpJson producer = new HttpJson(first.httpPort());
    java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread traffic = new Thread(() -> {
      while (sending.get()) {
        producer.postJson("/v1/events", ServingCatalog.event("status-watcher", "view", "status-item", Instant.now()));
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    traffic.start();
    String status;
    try {
      status = CommandOutput.printed(() -> StatusCommand.execute("--url", url, "--operator-key", key, "--sample", "15s"));
    } finally {
      sending.set(false);
      traffic.join();
    }
    assertTrue(status.contains("2 of 2 members up and reachable"), status);
    assertTrue(status.contains("serving " + c) || status.contains("champion " + c), status);
    java.util.regex.Matcher rate = java.util.regex.Pattern.compile("([0-9.]+) events/s accepted").matcher(status);
    assertTrue(rate.find(), status);
    assertTrue(Double.parseDouble(rate.group(1)) > 0, "the events sent meanwhile are counted: " + status);
    assertEquals(2, StatusCommand.execute("--url", url, "--sample", "soon"));
    assertEquals(2, StatusCommand.execute("--url", "127.0.0.1:8080"));
    assertEquals(2, ModelsCommand.execute(), "no subcommand: a usage error");
    assertEquals(3, StatusCommand.execute("--url", "http://127.0.0.1:9", "--sample", "0s"));

    for (String[] help : List.of(new String[] {"--help"}, new String[] {"list", "--help"},
        new String[] {"promote", "--help"}, new String[] {"rollback", "--help"})) {
      String usage = CommandOutput.printed(() -> ModelsCommand.execute(help));
      assertTrue(usage.contains("Usage:"), String.join(" ", help) + ": " + usage);
    }
    String usage = CommandOutput.printed(() -> StatusCommand.execute("--help"));
    assertTrue(usage.contains("Usage:") && usage.contains("Exit codes"), usage);
  }

  @Test
  void unknownAndMalformedVersionsAreProblems() {
    HttpJson anonymous = new HttpJson(first.httpPort()).anonymous();
    HttpJson.Reply noKey = anonymous.postJson("/v1/models/no-such-model/promote", "");
    assertEquals(401, noKey.status(), noKey.raw().body());
    assertTrue(noKey.header("WWW-Authenticate").startsWith("Bearer"), noKey.header("WWW-Authenticate"));
    HttpJson.Reply wrongKey = anonymous.withOperatorKey("not-the-key").postJson("/v1/models/no-such-model/promote", "");
    assertEquals(403, wrongKey.status(), wrongKey.raw().body());
    assertTrue(wrongKey.contentType().startsWith("application/problem+json"));

    HttpJson http = anonymous.asOperator();
    HttpJson.Reply unknown = http.postJson("/v1/models/no-such-model/promote", "");
    assertEquals(404, unknown.status(), unknown.raw().body());
    assertTrue(unknown.contentType().startsWith("application/problem+json"));
    assertTrue(unknown.json().get("detail").asText().contains("no-such-model"));
    assertEquals(404, http.get("/v1/models/no-such-model").status());
    HttpJson.Reply malformed = http.get("/v1/models/bad%20version");
    assertEquals(400, malformed.status(), malformed.raw().body());
    HttpJson.Reply badLimit = http.get("/v1/models?limit=zero");
    assertEquals(400, badLimit.status(), badLimit.raw().body());
    assertTrue(badLimit.json().get("detail").asText().contains("limit"));
  }

  private static String status(JsonNode listed, String version) {
    for (JsonNode model : listed.get("models")) {
      if (model.get("version").asText().equals(version)) {
        return model.get("status").asText();
      }
    }
    throw new AssertionError(version + " is not listed: " + listed);
  }

  private static void awaitServing(HttpJson http, String version) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    String served = null;
    while (Instant.now().isBefore(deadline)) {
      HttpJson.Reply reply = http.get("/v1/users/promotion-watcher/recommendations?k=3");
      assertEquals(200, reply.status(), reply.raw().body());
      served = reply.json().get("modelVersion").asText();
      if (served.equals(version)) {
        return;
      }
      Thread.sleep(200);
    }
    fail("still serving " + served + " 15 s after " + version + " was promoted");
  }
}
