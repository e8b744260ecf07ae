package io.persona.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.simulations.node.NodeProcess;
import io.persona.simulations.node.ProjectRoot;
import io.persona.tests.support.Await;
import io.persona.tests.support.ClusterAdmin;
import io.persona.tests.support.ClusterView;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Persona nodes as separate JVMs (the packaged gateway, profile "cluster") over the shared test
 * Cassandra node, under a continuous event load. The tests run in order on one cluster, to pay
 * the nodes' start-up once: a fourth node joins and takes shards; a node leaves gracefully without
 * failing a request; a node is killed with SIGKILL, its users are served again within 10 s, and
 * no acknowledged event is missing from the journal or from the recovered profiles.
 */
@ExtendWith(SharedCassandra.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterFaultTest.class);
  private static final String KEYSPACE = "persona_cluster_it";
  private static final String KEY = "operator-" + UUID.randomUUID();
  /** Nodes start slowly when several JVMs share two cores. */
  private static final Duration READY = Duration.ofMinutes(3);
  /** The goal for serving a killed node's users again. */
  private static final Duration KILL_RECOVERY_GOAL = Duration.ofSeconds(10);

  private static final String run = "cf-" + UUID.randomUUID().toString().substring(0, 8);
  private static NodeCluster cluster;
  private static NodeProcess first;
  private static NodeProcess second;
  private static NodeProcess third;
  private static NodeProcess fourth;
  private static EventLoad load;

  @BeforeAll
  static void startThreeNodesUnderLoad() {
    cluster = new NodeCluster(SharedCassandra.settings(), KEYSPACE, KEY);
    first = cluster.start("cluster-1").awaitReady(READY);
    second = cluster.start("cluster-2");
    third = cluster.start("cluster-3");
    second.awaitReady(READY);
    third.awaitReady(READY);
    ClusterView view = awaitView("three Up members", Duration.ofSeconds(60), v -> v.upCount() == 3);
    log.info("Three nodes up: {}", view.members());

    List<String> items = LoadCatalog.create(new HttpJson(first.httpPort()), run, 40);
    load = EventLoad.start(EventLoad.Settings.defaults(), run, items, ports(first, second, third));
    load.awaitRequests(200, Duration.ofSeconds(60));
    log.info("Load running: {}", load.report());
  }

  @AfterAll
  static void stopEverything() {
    if (load != null) {
      load.stop();
      log.info("Load over the whole class: {}", load.report());
    }
    if (cluster != null) {
      cluster.close();
    }
    NodeProcess.killAll();
  }

  @Test
  @Order(1)
  void aFourthNodeJoiningUnderLoadTakesShards() {
    Instant joinStarted = Instant.now();
    fourth = cluster.start("cluster-4").awaitReady(READY);
    load.target(ports(first, second, third, fourth));
    log.info("Fourth node {} ready after {} ms", fourth, Duration.between(joinStarted, Instant.now()).toMillis());

    // Shards move in rounds (every 10 s by default); entities start there as their users' requests
    // arrive. On a loaded 2-core machine the node may be ready only after the last round (84 s in one
    // CI run): then it already holds its whole share of the shards when first seen, and its count
    // has nothing left to rise by.
    List<String> series = new ArrayList<>();
    long[] firstSeen = {0};
    ClusterView rising = awaitView("the fourth node's entity count to rise above its first non-zero value, "
            + "or the node to hold its share of the shards with entities running",
        Duration.ofSeconds(120), view -> {
          ClusterView.Member member = view.member(fourth.address()).orElse(null);
          long entities = member == null ? 0 : member.entities();
          series.add(Duration.between(joinStarted, Instant.now()).toSeconds() + "s: "
              + (member == null ? "absent" : member.shards() + " shards/" + entities + " entities"));
          if (firstSeen[0] == 0 && entities > 0) {
            firstSeen[0] = entities;
          }
          boolean fullShare = member != null && view.upCount() > 0 && view.statsComplete()
              && member.shards() >= view.shards() / view.upCount();
          return firstSeen[0] > 0 && (entities > firstSeen[0] || fullShare);
        });
    ClusterView.Member member = rising.member(fourth.address()).orElseThrow();
    log.info("Join: the fourth node holds {} shards and {} entities after {} ms; series {}; all members {}",
        member.shards(), member.entities(), Duration.between(joinStarted, Instant.now()).toMillis(), series,
        rising.members());
    assertTrue(member.shards() > 0, () -> rising + cluster.logTails());
    log.info("Join: requests since the join started: {}", load.reportSince(joinStarted));
  }

  @Test
  @Order(2)
  void aGracefulLeaveUnderLoadFailsNoRequest() {
    ClusterAdmin admin = new ClusterAdmin(first.httpPort(), KEY);
    assertOperatorOnly(first.httpPort(), second.address());

    // Only nodes that stay get requests from now on; the leaving one finishes those it has.
    load.target(ports(first, third, fourth));
    Instant retargeted = Instant.now();
    Sleep.millis(1000);

    Instant leaveAsked = Instant.now();
    HttpJson.Reply leave = admin.leave(second.address());
    assertEquals(202, leave.status(), leave.raw().body());
    assertEquals("leaving", leave.json().path("status").asText(), leave.raw().body());

    int exit = second.awaitExit(Duration.ofSeconds(90));
    Duration exited = Duration.between(leaveAsked, Instant.now());
    assertEquals(0, exit, () -> "the node that left should exit by itself with 0\n" + second.logTail());
    ClusterView without = awaitView("the left node to disappear from the membership", Duration.ofSeconds(60),
        view -> view.member(second.address()).isEmpty());
    Duration removed = Duration.between(leaveAsked, Instant.now());

    // after the leave: the shards it had settle on the others, and requests keep succeeding
    load.awaitRequests(300, Duration.ofSeconds(60));
    Sleep.millis(10_000);
    LoadReport window = load.reportSince(retargeted);
    log.info("Leave: the process exited with {} after {} ms, left the membership after {} ms; members {}; "
        + "requests from the retarget on: {}", exit, exited.toMillis(), removed.toMillis(), without.members(), window);
    List<LoadAttempt> failed = load.since(retargeted).stream().filter(a -> !a.ok()).toList();
    assertEquals(0, failed.size(), () -> "requests failed during or after the leave: " + window + "\n"
        + failed.stream().limit(20).map(LoadAttempt::toString).reduce("", (a, b) -> a + "\n" + b)
        + cluster.logTails());
  }

  @Test
  @Order(3)
  void aKilledNodesUsersAreServedAgainAndNoAcknowledgedEventIsLost() {
    NodeProcess victim = third; // not the oldest node, which hosts the shard coordinator
    ClusterView before = new ClusterAdmin(first.httpPort(), KEY).cluster();
    ClusterView.Member victimMember = before.member(victim.address()).orElseThrow();
    log.info("Before the kill: {}", before.members());
    assertTrue(victimMember.entities() > 0, "the node to kill hosts no users, the test would prove nothing: " + before);

    load.target(ports(first, fourth));
    Sleep.millis(1000); // requests already sent to the victim are answered before it dies
    Instant killedAt = Instant.now();
    victim.kill();
    assertEquals(137, victim.awaitExit(Duration.ofSeconds(10)), "SIGKILL ends a JVM with 128 + 9");

    ClusterView after = awaitView("the killed node to be downed and removed", Duration.ofSeconds(60),
        view -> view.member(victim.address()).isEmpty());
    Duration downed = Duration.between(killedAt, Instant.now());
    // run on past the goal, and on until every user whose requests failed has been served again
    // (bounded: the figures are logged and asserted below either way)
    Instant runOnUntil = killedAt.plus(KILL_RECOVERY_GOAL).plusSeconds(10);
    Instant giveUpAt = killedAt.plusSeconds(90);
    while (Instant.now().isBefore(giveUpAt)
        && (Instant.now().isBefore(runOnUntil) || !Recovery.of(load.attempts(), killedAt).neverRecovered().isEmpty())) {
      Sleep.millis(1000);
    }
    load.stop();

    Recovery recovery = Recovery.of(load.attempts(), killedAt);
    log.info("Kill -9 of {} at {}: the member was removed {} ms after the kill; {}; members now {}; requests since "
        + "the kill: {}", victim, killedAt, downed.toMillis(), recovery, after.members(), load.reportSince(killedAt));
    log.info("Kill -9: per affected user, the request that was served again: {}", recovery.recoveredAfter());
    log.info("Kill -9: requests by when they were sent, from the kill on:{}",
        LoadTimeline.slices(load.since(killedAt), killedAt, Duration.ofSeconds(1)));
    LoadTimeline.writeCsv(load.attempts(), killedAt, ProjectRoot.target("tests", "nodes").resolve("kill-requests.csv"));

    JournalAudit audit;
    try (JournalReader journal = new JournalReader(SharedCassandra.settings(), KEYSPACE)) {
      audit = JournalAudit.of(load.users(), load.acknowledged(), journal, new HttpJson(first.httpPort()),
          Duration.ofSeconds(30));
    }
    log.info("Kill -9 audit over the whole run: {}; load {}; {} batches sent again (every unanswered one, 1 in 20 "
        + "acknowledged)", audit, load.report(), load.resentCount());

    assertTrue(recovery.neverRecovered().isEmpty(), () -> recovery + cluster.logTails());
    assertTrue(recovery.worst().compareTo(KILL_RECOVERY_GOAL) < 0, () -> "the killed node's users were served again "
        + recovery.worst().toMillis() + " ms after the kill (goal < " + KILL_RECOVERY_GOAL.toMillis()
        + " ms); the member was removed after " + downed.toMillis() + " ms. " + recovery + cluster.logTails());
    assertTrue(audit.acknowledged() > 0, audit.toString());
    // 1 in 20 acknowledged batches is sent again (and every unanswered one): the audit below covers resends
    assertTrue(load.resentCount() > 0, "no batch was sent again: " + load.report());
    assertEquals(List.of(), audit.lost(), () -> audit + cluster.logTails());
    assertEquals(List.of(), audit.doubled(), () -> audit + cluster.logTails());
    assertEquals(List.of(), audit.profileMismatches(), () -> audit + cluster.logTails());
  }

  /** The operator endpoints refuse a caller without the key (401) or with a wrong one (403). */
  private static void assertOperatorOnly(int port, String address) {
    for (String key : new String[] {null, "wrong-" + KEY}) {
      ClusterAdmin caller = new ClusterAdmin(port, key);
      int expected = key == null ? 401 : 403;
      for (HttpJson.Reply reply : List.of(caller.clusterReply(), caller.leave(address))) {
        assertEquals(expected, reply.status(), reply.raw().body());
        assertNotNull(reply.contentType());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        if (expected == 401) {
          assertNotNull(reply.header("WWW-Authenticate"), "401 without WWW-Authenticate");
          assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.header("WWW-Authenticate"));
        }
      }
    }
  }

  private static ClusterView awaitView(String what, Duration within, java.util.function.Predicate<ClusterView> done) {
    ClusterAdmin admin = new ClusterAdmin(first.httpPort(), KEY);
    return Await.until(what, within, Duration.ofSeconds(1), admin::cluster, done, cluster::logTails);
  }

  private static List<Integer> ports(NodeProcess... nodes) {
    return Stream.of(nodes).map(NodeProcess::httpPort).toList();
  }
}
