package io.persona.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.persistence.cassandra.LocalNodeSettings;
import io.persona.simulations.node.NodeProcess;
import io.persona.simulations.node.ProjectRoot;
import io.persona.tests.support.EventLoad;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.JournalAudit;
import io.persona.tests.support.JournalReader;
import io.persona.tests.support.LoadAttempt;
import io.persona.tests.support.LoadCatalog;
import io.persona.tests.support.LoadReport;
import io.persona.tests.support.LoadTimeline;
import io.persona.tests.support.NodeCluster;
import io.persona.tests.support.Recovery;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.Sleep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cassandra itself stops for 30 s (SIGTERM, as an operator or a crash-looping host would) under
 * two Persona node processes and a continuous event load, then starts again on the same data.
 * Producers get 503 with a Retry-After and a problem body meanwhile (never a 500, never a stack
 * trace, never a 200 for an event nothing could persist); the nodes recover by themselves, and
 * every event acknowledged before, during or after is in the journal and in the profiles.
 *
 * <p>The Cassandra node is this test's own (other ports, data in tests/target/cassandra-outage), so
 * the node the other tests share stays up.
 */
class CassandraStoppedTest {
  private static final Logger log = LoggerFactory.getLogger(CassandraStoppedTest.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int NATIVE_PORT = 19142;
  private static final int STORAGE_PORT = 17100;
  private static final String KEYSPACE = "persona_outage_it";
  private static final String KEY = "operator-" + UUID.randomUUID();
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final Duration READY = Duration.ofMinutes(3);
  /** From CQL answering again to the first acknowledged event, and to every user served again. */
  private static final Duration FIRST_ACK_BOUND = Duration.ofSeconds(30);
  private static final Duration ALL_USERS_BOUND = Duration.ofSeconds(60);

  private final String run = "cs-" + UUID.randomUUID().toString().substring(0, 8);
  private LocalCassandraNode cassandra;
  private NodeCluster cluster;
  private EventLoad load;

  @AfterEach
  void stopEverything() {
    if (load != null) {
      load.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
    NodeProcess.killAll();
    if (cassandra != null) {
      cassandra.close();
    }
  }

  @Test
  void producersGet503WhileCassandraIsStoppedAndNothingAcknowledgedIsLost() {
    LocalNodeSettings nodeSettings = dedicatedNode();
    cassandra = startCassandra(nodeSettings);
    CassandraSettings cassandraSettings = CassandraSettings.fromConfig(ConfigFactory.parseMap(Map.of(
            "persona.cassandra.contact-points", "127.0.0.1:" + NATIVE_PORT))
        .withFallback(SharedCassandra.testConfig()));

    cluster = new NodeCluster(cassandraSettings, KEYSPACE, KEY);
    NodeProcess first = cluster.start("outage-1").awaitReady(READY);
    NodeProcess second = cluster.start("outage-2").awaitReady(READY);
    List<String> items = LoadCatalog.create(new HttpJson(first.httpPort()), run, 30);
    load = EventLoad.start(EventLoad.Settings.defaults(), run, items,
        List.of(first.httpPort(), second.httpPort()));
    load.awaitRequests(200, Duration.ofSeconds(60));
    log.info("Before the outage: {}", load.report());

    // ---- Cassandra stops (close = SIGTERM, it drains and exits)
    Instant stopAsked = Instant.now();
    cassandra.close();
    Instant stopped = Instant.now();
    log.info("Outage: SIGTERM to Cassandra at {}, it exited {} ms later", stopAsked,
        Duration.between(stopAsked, stopped).toMillis());
    HttpJson firstHttp = new HttpJson(first.httpPort());
    awaitStatus(firstHttp, "/health/ready", 503, Duration.ofSeconds(30), cluster);
    Sleep.millis(Math.max(0, OUTAGE.minus(Duration.between(stopAsked, Instant.now())).toMillis()));

    // ---- Cassandra starts again on the same data
    Instant restartAsked = Instant.now();
    cassandra = startCassandra(nodeSettings);
    Instant cqlBack = Instant.now();
    log.info("Outage: Cassandra was down {} ms; it answered CQL again {} ms after its restart",
        Duration.between(stopAsked, cqlBack).toMillis(), Duration.between(restartAsked, cqlBack).toMillis());

    // ---- the nodes recover by themselves
    Instant deadline = cqlBack.plus(ALL_USERS_BOUND).plusSeconds(5);
    Instant firstAck = null;
    Recovery recovery = null;
    while (Instant.now().isBefore(deadline)) {
      Sleep.millis(1000);
      firstAck = firstAcknowledgedAfter(cqlBack);
      recovery = Recovery.of(load.attempts(), stopped);
      if (firstAck != null && recovery.neverRecovered().isEmpty()
          && Duration.between(cqlBack, Instant.now()).compareTo(Duration.ofSeconds(15)) > 0) {
        break;
      }
    }
    Sleep.millis(5000); // a little more load after recovery, then stop and count
    load.stop();
    LoadTimeline.writeCsv(load.attempts(), stopped, ProjectRoot.target("tests", "nodes").resolve("outage-requests.csv"));

    // what producers saw while nothing could be persisted: requests sent after Cassandra exited
    // and answered before it was started again
    List<LoadAttempt> during = load.attempts(a -> a.sentAt().isAfter(stopped) && a.answeredAt().isBefore(restartAsked));
    long eventsDuring = during.stream().filter(a -> a.kind() == LoadAttempt.Kind.EVENTS).count();
    List<LoadAttempt> ackedDuring = during.stream().filter(a -> a.ok() && a.kind() == LoadAttempt.Kind.EVENTS).toList();
    // every failure from the stop on must be a well-formed 503, during the outage and after it
    List<String> badAnswers = load.since(stopped).stream()
        .filter(a -> !a.ok())
        .map(a -> {
          String problem = unavailableProblem(a);
          return problem == null ? null : problem + ": " + a;
        })
        .filter(java.util.Objects::nonNull)
        .toList();
    log.info("Outage: {} requests sent after Cassandra exited and answered before its restart ({} event batches): {}",
        during.size(), eventsDuring, LoadReport.of(during, 0));
    log.info("Outage: requests by when they were sent, from Cassandra's exit on:{}",
        LoadTimeline.slices(load.since(stopped), stopped, Duration.ofSeconds(5)));

    recovery = Recovery.of(load.attempts(), stopped);
    Duration toFirstAck = firstAck == null ? null : Duration.between(cqlBack, firstAck);
    Duration allUsersAfterCql = recovery.worst().minus(Duration.between(stopped, cqlBack));
    log.info("Recovery: first acknowledged event {} ms after Cassandra answered CQL again; every user served again "
        + "{} ms after that ({}); requests since the stop: {}",
        toFirstAck == null ? "never" : toFirstAck.toMillis(), allUsersAfterCql.toMillis(), recovery,
        load.reportSince(stopped));

    JournalAudit audit;
    try (JournalReader journal = new JournalReader(cassandraSettings, KEYSPACE)) {
      audit = JournalAudit.of(load.users(), load.acknowledged(), journal, firstHttp, Duration.ofSeconds(30));
    }
    log.info("Outage audit: {}; load {}; {} batches sent again (every unanswered one, 1 in 20 acknowledged)",
        audit, load.report(), load.resentCount());

    assertTrue(eventsDuring > 0, () -> "no event batch was answered during the outage" + cluster.logTails());
    assertEquals(List.of(), ackedDuring, "event batches acknowledged while Cassandra was stopped");
    assertEquals(List.of(), badAnswers.subList(0, Math.min(20, badAnswers.size())), () -> badAnswers.size()
        + " failures since the stop were not a 503 problem with Retry-After (first 20 shown)" + cluster.logTails());
    assertNotNull(toFirstAck, () -> "no event was acknowledged after Cassandra came back" + cluster.logTails());
    assertTrue(toFirstAck.compareTo(FIRST_ACK_BOUND) < 0, "first acknowledgement " + toFirstAck.toMillis()
        + " ms after Cassandra answered again (bound " + FIRST_ACK_BOUND.toMillis() + " ms)");
    Recovery finalRecovery = recovery;
    assertTrue(recovery.neverRecovered().isEmpty(), () -> finalRecovery + cluster.logTails());
    assertTrue(allUsersAfterCql.compareTo(ALL_USERS_BOUND) < 0, "every user served again only "
        + allUsersAfterCql.toMillis() + " ms after Cassandra answered again: " + recovery);
    assertEquals(200, firstHttp.get("/health/ready").status(), "ready again after the outage");
    assertTrue(audit.acknowledged() > 0, audit.toString());
    assertEquals(List.of(), audit.lost(), audit.toString());
    assertEquals(List.of(), audit.doubled(), audit.toString());
    assertEquals(List.of(), audit.profileMismatches(), audit.toString());
  }

  /** This test's own node: the shared node's settings on other ports and another data folder. */
  private static LocalNodeSettings dedicatedNode() {
    Config local = ConfigFactory.parseMap(Map.of(
            "native-port", NATIVE_PORT,
            "storage-port", STORAGE_PORT,
            "data-dir", ProjectRoot.target("tests", "cassandra-outage").toString()))
        .withFallback(SharedCassandra.testConfig().getConfig("persona.cassandra.local"));
    return LocalNodeSettings.fromConfig(local);
  }

  /** Starts the dedicated node; one that already answers (left by a killed run) could not be stopped here. */
  private static LocalCassandraNode startCassandra(LocalNodeSettings settings) {
    LocalCassandraNode node = LocalCassandraNode.ensureRunning(settings);
    if (!node.startedHere()) {
      fail("A Cassandra node already answers on " + node.contactPoint() + " (left by an earlier run?): this test "
          + "must start and stop its own. Stop that process and run again.");
    }
    return node;
  }

  private Instant firstAcknowledgedAfter(Instant from) {
    return load.attempts(a -> a.ok() && a.kind() == LoadAttempt.Kind.EVENTS && a.sentAt().isAfter(from)).stream()
        .map(LoadAttempt::answeredAt).min(Instant::compareTo).orElse(null);
  }

  /**
   * Null when what the producer got is a 503 problem+json with a Retry-After and no stack trace;
   * else what is wrong with it (a client-side timeout means no answer came at all).
   */
  private static String unavailableProblem(LoadAttempt attempt) {
    if (attempt.status() != 503) {
      return attempt.status() == 0 ? "no answer (" + attempt.failure() + ")" : "status " + attempt.status();
    }
    if (attempt.retryAfter() == null || !attempt.retryAfter().trim().matches("[1-9][0-9]*")) {
      return "Retry-After " + attempt.retryAfter();
    }
    if (attempt.contentType() == null || !attempt.contentType().startsWith("application/problem+json")) {
      return "content type " + attempt.contentType();
    }
    String body = attempt.body();
    if (body.contains("\tat ") || body.contains(".java:") || body.contains("\\tat ")) {
      return "stack trace in the body";
    }
    try {
      JsonNode problem = MAPPER.readTree(body);
      if (problem.path("status").asInt() != 503 || problem.path("title").asText().isBlank()) {
        return "problem body without status 503 and a title";
      }
    } catch (IOException e) {
      return "body is not JSON";
    }
    return null;
  }

  private static void awaitStatus(HttpJson http, String path, int status, Duration within, NodeCluster cluster) {
    long deadline = System.nanoTime() + within.toNanos();
    int last = 0;
    while (System.nanoTime() < deadline) {
      last = http.get(path).status();
      if (last == status) {
        return;
      }
      Sleep.millis(500);
    }
    fail("GET " + path + " answered " + last + ", not " + status + ", for " + within + cluster.logTails());
  }
}
