package io.persona.gateway.http;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /health/alive} (the process answers) and {@code GET /health/ready} (Cassandra answers
 * a query, this node is an Up member of the cluster and not leaving it, and its serving warm-up has
 * ended): 200 when ready, else 503.
 */
public final class HealthRoutes extends AllDirectives {
  private static final SimpleStatement PING = SimpleStatement.newInstance("SELECT release_version FROM system.local")
      .setTimeout(Duration.ofSeconds(2));

  private final ActorSystem<?> system;
  private final CqlSession session;
  private final Readiness readiness;

  public HealthRoutes(ActorSystem<?> system, CqlSession session, Readiness readiness) {
    this.system = system;
    this.session = session;
    this.readiness = readiness;
  }

  public Route route() {
    return pathPrefix("health", () -> concat(
        path("alive", () -> get(() -> complete(Responses.json(200, Map.of("status", "alive"))))),
        path("ready", () -> get(() -> completeWithFuture(cassandra().thenApply(cassandra -> {
          String cluster = clusterStatus();
          boolean ready = cassandra.equals("up") && cluster.equals("up") && readiness.warmedUp();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", ready ? "ready" : "not-ready");
          Map<String, Object> checks = new LinkedHashMap<>();
          checks.put("cassandra", cassandra);
          checks.put("cluster", cluster);
          checks.put("warm-up", readiness.warmUp());
          body.put("checks", checks);
          return Responses.json(ready ? 200 : 503, body);
        }))))));
  }

  private CompletionStage<String> cassandra() {
    return session.executeAsync(PING).handle((rs, failure) ->
        failure == null ? "up" : "down: " + failure.getClass().getSimpleName());
  }

  private String clusterStatus() {
    if (readiness.leaving()) {
      return "leaving";
    }
    MemberStatus status = Cluster.get(system).selfMember().status();
    return status == MemberStatus.up() ? "up" : status.toString().toLowerCase();
  }
}
