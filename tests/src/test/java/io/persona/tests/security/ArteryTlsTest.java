package io.persona.tests.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.KeyStores;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Node-to-node traffic as the production template sets it: Artery over TLS with mutual
 * authentication. Nodes that trust each other's certificate form a cluster; a node whose
 * certificate is not trusted cannot join.
 */
@ExtendWith(SharedCassandra.class)
class ArteryTlsTest {
  private static final String PASSWORD = "changeit";

  @Test
  void nodesThatTrustEachOtherJoinAndAStrangerCannot(@TempDir Path dir) throws Exception {
    Path cluster = KeyStores.selfSigned(dir, "cluster.p12", "persona-node", null, PASSWORD);
    Path stranger = KeyStores.selfSigned(dir, "stranger.p12", "persona-node", null, PASSWORD);
    PersonaNode first = TestNodes.start(tls(cluster, null));
    PersonaNode second = null;
    PersonaNode outsider = null;
    try {
      String seed = Cluster.get(first.system()).selfMember().address().toString();
      second = TestNodes.start(tls(cluster, seed));
      awaitUp(first, 2, 60);

      outsider = TestNodes.start(tls(stranger, seed));
      Thread.sleep(10_000); // long enough for a join over TCP to complete many times over
      assertEquals(2, upMembers(first), "a node with a certificate the cluster does not trust joined");
      assertEquals(0, upMembers(outsider), "the stranger's join was never answered: it is no member at all");
    } finally {
      for (PersonaNode node : new PersonaNode[] {outsider, second, first}) {
        if (node != null) {
          node.close();
        }
      }
    }
  }

  private static Config tls(Path store, String seed) {
    Config tls = ConfigFactory.parseString("""
        pekko.remote.artery {
          transport = tls-tcp
          ssl.config-ssl-engine {
            key-store = "%1$s", key-store-password = %2$s, key-password = %2$s
            trust-store = "%1$s", trust-store-password = %2$s
            require-mutual-authentication = on
          }
        }
        """.formatted(store, PASSWORD));
    return seed == null ? tls
        : ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", List.of(seed))).withFallback(tls);
  }

  private static long upMembers(PersonaNode node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }

  private static void awaitUp(PersonaNode node, int members, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (upMembers(node) < members) {
      if (System.nanoTime() > deadline) {
        fail(members + " members were not Up within " + seconds + " s over tls-tcp");
      }
      Thread.sleep(200);
    }
  }
}
