package io.persona.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.Await;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nodes with no seed nodes find each other by discovery and form one cluster (Pekko Cluster
 * Bootstrap, as the Kubernetes manifests use it with the Kubernetes API; here with config discovery,
 * which lists the same kind of contact points: the nodes' Management endpoints).
 */
@ExtendWith(SharedCassandra.class)
class ClusterBootstrapTest {
  private PersonaNode first;
  private PersonaNode second;

  @AfterEach
  void stop() {
    for (PersonaNode node : new PersonaNode[] {second, first}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void twoNodesWithoutSeedsFindEachOtherAndFormOneCluster_oneAloneFormsNone() throws Exception {
    int[] ports = freePorts();
    Config discovery = ConfigFactory.parseString("""
        persona.cluster { discovery = config, discovery-service = persona-bootstrap-test, discovery-required-contacts = 2 }
        pekko.management.http.hostname = "127.0.0.1"
        pekko.discovery.config.services.persona-bootstrap-test.endpoints = [
          { host = "127.0.0.1", port = %d }, { host = "127.0.0.1", port = %d } ]
        pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin = 2s
        """.formatted(ports[0], ports[1]));

    first = TestNodes.start(ConfigFactory.parseString("pekko.management.http.port = " + ports[0])
        .withFallback(discovery));
    Thread.sleep(6_000); // past the stable margin several times over
    assertTrue(members(first).isEmpty(), "one contact point of the two required forms no cluster: " + members(first));

    second = TestNodes.start(ConfigFactory.parseString("pekko.management.http.port = " + ports[1])
        .withFallback(discovery));
    String firstAddress = Cluster.get(first.system()).selfMember().address().toString();
    String secondAddress = Cluster.get(second.system()).selfMember().address().toString();
    Set<String> both = Set.of(firstAddress, secondAddress);
    for (PersonaNode node : new PersonaNode[] {first, second}) {
      Await.until("both nodes are Up members of one cluster", Duration.ofSeconds(60), Duration.ofMillis(500),
          () -> upMembers(node), both::equals, () -> "");
    }

    // the operator's view through either node: one cluster of two
    JsonNode cluster = new HttpJson(second.httpPort()).asOperator().get("/v1/admin/cluster").json();
    assertEquals(2, cluster.get("members").size(), cluster.toString());
    assertEquals(Cluster.get(first.system()).state().getLeader().toString(), cluster.get("leader").asText(),
        cluster.toString());
  }

  private static Set<String> members(PersonaNode node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .map(m -> m.address() + " " + m.status()).collect(Collectors.toSet());
  }

  private static Set<String> upMembers(PersonaNode node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).map(m -> m.address().toString()).collect(Collectors.toSet());
  }

  /** Two ports free now (held together, so they differ). */
  private static int[] freePorts() throws IOException {
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    }
  }
}
