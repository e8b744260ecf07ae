package io.persona.gateway.http;

import io.persona.actors.node.NodeRoles;
import io.persona.actors.user.UserEntity;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The operator's view of the cluster and the way to scale it in:
 * {@code GET /v1/admin/cluster} (members, roles, shards and entities per node) and
 * {@code POST /v1/admin/nodes/{address}/leave}, which asks a member to leave gracefully: it hands
 * its shards off, leaves, and its process exits. Both need the operator key (PersonaRoutes).
 */
public final class ClusterAdminRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ClusterAdminRoutes.class);
  /** The short form of an address: host:port of a member of this cluster. */
  private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:]+\\]):(\\d{1,5})");

  private final ActorSystem<?> system;
  private final Duration statsTimeout;

  public ClusterAdminRoutes(ActorSystem<?> system, Duration statsTimeout) {
    this.system = system;
    this.statsTimeout = statsTimeout;
  }

  public Route route() {
    return pathPrefix("admin", () -> concat(
        path("cluster", () -> get(() -> completeWithFuture(overview()))),
        path(PathMatchers.segment("nodes").slash(PathMatchers.segment()).slash("leave"),
            address -> post(() -> complete(leave(address))))));
  }

  private CompletionStage<HttpResponse> overview() {
    Cluster cluster = Cluster.get(system);
    CompletionStage<ClusterShardingStats> stats = AskPattern.ask(ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(UserEntity.TYPE_KEY, statsTimeout, replyTo),
        statsTimeout.plusSeconds(1), system.scheduler());
    return stats
        .exceptionally(failure -> {
          log.warn("Cluster sharding stats did not arrive: {}", failure.toString());
          return null; // the members are still worth showing, without counts
        })
        .thenApply(s -> Responses.json(200, ClusterOverview.describe(cluster.selfMember().address(),
            cluster.state(), s, NodeRoles.ENTITY)));
  }

  private HttpResponse leave(String given) {
    Cluster cluster = Cluster.get(system);
    Optional<Address> parsed = parse(given, cluster.selfMember().address());
    if (parsed.isEmpty()) {
      return Responses.problem(Problem.of("invalid-address", "Invalid member address", 400,
          "\"" + given + "\" is neither a member address (pekko://persona@host:port, URL-encoded) nor host:port"));
    }
    Address address = parsed.get();
    Optional<Member> member = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.address().equals(address))
        .findFirst();
    if (member.isEmpty()) {
      return Responses.problem(Problem.of("not-a-member", "Not a member", 404,
          address + " is not a member of this cluster (see GET /v1/admin/cluster)"));
    }
    log.info("An operator asked {} (now {}) to leave the cluster", address, member.get().status());
    cluster.manager().tell(Leave.create(address));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("address", address.toString());
    body.put("status", "leaving");
    body.put("previousStatus", member.get().status().toString());
    return Responses.json(202, body);
  }

  static Optional<Address> parse(String given, Address self) {
    Matcher hostPort = HOST_PORT.matcher(given);
    if (hostPort.matches()) {
      int port = Integer.parseInt(hostPort.group(2));
      return port > 65535 ? Optional.empty()
          : Optional.of(new Address(self.protocol(), self.system(), hostPort.group(1), port));
    }
    try {
      Address address = AddressFromURIString.parse(given);
      return address.host().isDefined() && address.port().isDefined() ? Optional.of(address) : Optional.empty();
    } catch (Exception malformed) { // a MalformedURLException, which Scala does not declare

      return Optional.empty();
    }
  }
}
