package io.persona.gateway.http;

import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.ShardRegion.ShardRegionStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What {@code GET /v1/admin/cluster} shows: every member with its status, roles and
 * reachability, and, for members hosting users, how many shards and live user entities they hold.
 * Counts are null for a member whose shard region did not answer in time (or hosts no users).
 */
final class ClusterOverview {
  private ClusterOverview() {}

  static Map<String, Object> describe(Address self, CurrentClusterState state, ClusterShardingStats stats,
      String entityRole) {
    Map<Address, ShardRegionStats> regions = stats == null ? Map.of() : stats.getRegions();
    Set<Address> unreachable = state.getUnreachable().stream().map(Member::address).collect(Collectors.toSet());
    List<Member> members = StreamSupport.stream(state.getMembers().spliterator(), false).toList();
    Member oldest = members.stream()
        .filter(m -> m.status().toString().equals("Up") || m.status().toString().equals("Leaving"))
        .reduce((a, b) -> a.isOlderThan(b) ? a : b)
        .orElse(null);

    List<Map<String, Object>> described = new ArrayList<>();
    int shards = 0;
    int entities = 0;
    boolean complete = true;
    for (Member member : members) {
      ShardRegionStats region = regions.get(member.address());
      Integer memberShards = null;
      Integer memberEntities = null;
      if (region != null) {
        memberShards = region.getStats().size();
        memberEntities = region.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
        shards += memberShards;
        entities += memberEntities;
        complete &= region.getFailed().isEmpty();
      } else if (member.hasRole(entityRole) && member.status().toString().equals("Up")) {
        complete = false;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", member.address().toString());
      m.put("status", member.status().toString());
      m.put("roles", member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList());
      m.put("reachable", !unreachable.contains(member.address()));
      m.put("self", member.address().equals(self));
      m.put("shards", memberShards);
      m.put("entities", memberEntities);
      described.add(m);
    }

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("self", self.toString());
    body.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
    body.put("oldest", oldest == null ? null : oldest.address().toString());
    body.put("members", described);
    body.put("unreachable", unreachable.stream().map(Address::toString).sorted().toList());
    body.put("shards", shards);
    body.put("entities", entities);
    body.put("statsComplete", stats != null && complete);
    return body;
  }
}
