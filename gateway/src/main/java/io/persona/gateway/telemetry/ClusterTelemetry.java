package io.persona.gateway.telemetry;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Metric;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cluster membership in this node's view of the cluster state, read every {@code every}: members
 * by status, and members the gossip marks unreachable (some node's failure detector gave up on
 * them). Kamon's agent reports the same as {@code pekko_cluster_members_*}, but only when it is
 * attached; the alert rules in {@code cluster-config/monitoring} read these, which every node
 * reports either way.
 */
public final class ClusterTelemetry {
  private static final Metric.Gauge MEMBERS = Kamon.gauge("persona.cluster.members",
      "Cluster members by status (joining, weakly_up, up, leaving, exiting, down, ...), in this node's view");
  private static final Metric.Gauge UNREACHABLE = Kamon.gauge("persona.cluster.unreachable-members",
      "Members the cluster's gossip marks unreachable, in this node's view; above 0 for long means a node "
          + "is gone without leaving");

  /**
   * Every status a member can have in the state (a removed member has left it), so that each
   * series exists and returns to 0: the Prometheus reporter keeps a series' last value.
   */
  private static final MemberStatus[] STATUSES = {MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(),
      MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down(), MemberStatus.shuttingDown(),
      MemberStatus.shutDown()};

  private ClusterTelemetry() {}

  /** Starts reading the state; cancel the result when the node stops. */
  public static Cancellable start(ActorSystem<?> system, Duration every) {
    Cluster cluster = Cluster.get(system);
    return system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every,
        () -> Quietly.run(() -> record(cluster.state())), system.executionContext());
  }

  static void record(ClusterEvent.CurrentClusterState state) {
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    for (MemberStatus status : STATUSES) {
      byStatus.put(name(status), 0);
    }
    for (Member member : state.getMembers()) {
      byStatus.merge(name(member.status()), 1, Integer::sum);
    }
    byStatus.forEach((status, count) -> MEMBERS.withTag("status", status).update(count));
    UNREACHABLE.withoutTags().update(state.getUnreachable().size());
  }

  /** "WeaklyUp" → "weakly_up". */
  static String name(MemberStatus status) {
    return status.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
