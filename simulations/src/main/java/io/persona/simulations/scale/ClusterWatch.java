package io.persona.simulations.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the cluster as an operator does, through {@code GET /v1/admin/cluster} of a node with the
 * operator key, and the node's serving state through {@code GET /v1/admin/serving}.
 */
final class ClusterWatch {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Members by address: status and the user shards each holds (null: its region did not answer). */
  record Member(String status, Integer shards) {}

  private final String operatorKey;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ClusterWatch(String operatorKey) {
    this.operatorKey = operatorKey;
  }

  Map<String, Member> members(URI node) throws IOException, InterruptedException {
    JsonNode body = get(node, "/v1/admin/cluster");
    Map<String, Member> members = new LinkedHashMap<>();
    for (JsonNode member : body.path("members")) {
      JsonNode shards = member.path("shards");
      members.put(member.path("address").asText(),
          new Member(member.path("status").asText(), shards.isNumber() ? shards.asInt() : null));
    }
    return members;
  }

  /** Vectors in the node's retrieval index: a node that started later loads the catalog first. */
  long indexedVectors(URI node) throws IOException, InterruptedException {
    return get(node, "/v1/admin/serving").path("catalog").path("indexedVectors").asLong();
  }

  /**
   * Polls {@link #members} every second until {@code done} holds or {@code timeout} passes;
   * returns the last view either way (the caller reports what it got).
   */
  Map<String, Member> awaitMembers(URI node, Duration timeout, Predicate<Map<String, Member>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Member> last = Map.of();
    while (true) {
      try {
        last = members(node);
        if (done.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // sharding statistics time out now and then while shards move: ask again
      }
      if (System.nanoTime() > deadline) {
        return last;
      }
      Thread.sleep(1000);
    }
  }

  /**
   * Polls until no member's shard count has changed for {@code stableFor} (shards stop moving once
   * sharding finds the nodes balanced), or {@code timeout} passes; returns the last view.
   */
  Map<String, Member> awaitStableShards(URI node, Duration stableFor, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Member> last = Map.of();
    long unchangedSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      try {
        Map<String, Member> now = members(node);
        if (!now.equals(last)) {
          last = now;
          unchangedSince = System.nanoTime();
        } else if (System.nanoTime() - unchangedSince >= stableFor.toNanos()) {
          return last;
        }
      } catch (IOException e) {
        // statistics time out now and then while shards move: ask again
      }
      Thread.sleep(2000);
    }
    return last;
  }

  private JsonNode get(URI node, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(node.resolve(path))
        .header("Authorization", "Bearer " + operatorKey).timeout(Duration.ofSeconds(15)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }
}
