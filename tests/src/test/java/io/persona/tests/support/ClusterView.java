package io.persona.tests.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** GET /v1/admin/cluster as records: members with their shard and entity counts. */
public record ClusterView(String self, String leader, List<Member> members, List<String> unreachable, int shards,
    long entities, boolean statsComplete) {

  public record Member(String address, String status, List<String> roles, boolean reachable, int shards,
      long entities) {}

  public static ClusterView of(JsonNode json) {
    List<Member> members = new ArrayList<>();
    for (JsonNode m : json.path("members")) {
      List<String> roles = new ArrayList<>();
      m.path("roles").forEach(r -> roles.add(r.asText()));
      members.add(new Member(m.path("address").asText(), m.path("status").asText(), roles,
          m.path("reachable").asBoolean(true), m.path("shards").asInt(), m.path("entities").asLong()));
    }
    List<String> unreachable = new ArrayList<>();
    json.path("unreachable").forEach(u -> unreachable.add(u.asText()));
    return new ClusterView(json.path("self").asText(), json.path("leader").asText(null), members, unreachable,
        json.path("shards").asInt(), json.path("entities").asLong(), json.path("statsComplete").asBoolean());
  }

  public Optional<Member> member(String address) {
    return members.stream().filter(m -> m.address().equals(address)).findFirst();
  }

  public long upCount() {
    return members.stream().filter(m -> m.status().equals("Up")).count();
  }
}
