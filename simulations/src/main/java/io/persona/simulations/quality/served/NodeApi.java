package io.persona.simulations.quality.served;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.simulations.PersonaHttp;
import io.persona.simulations.quality.SeenPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The public HTTP API of the node under test, as the replay uses it: bulk import of items and
 * events, live events, recommendations, and the operator's views of what the node serves and how
 * far its learning loop has come. Writes are resent while the node asks for it (PersonaHttp).
 */
final class NodeApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int RECOMMEND_ATTEMPTS = 5;

  /** What a write recorded. */
  record Counts(long accepted, long duplicates, long refused) {
    Counts plus(Counts other) {
      return new Counts(accepted + other.accepted, duplicates + other.duplicates, refused + other.refused);
    }
  }

  private final PersonaHttp http;

  NodeApi(URI base) {
    this.http = new PersonaHttp(base);
  }

  /** POST /v1/import/items, NDJSON: upserted items count as accepted. */
  Counts importItems(String ndjson) throws IOException, InterruptedException {
    JsonNode reply = http.post("/v1/import/items", "application/x-ndjson", ndjson, IMPORT_TIMEOUT);
    return new Counts(reply.path("upserted").asLong(), 0, reply.path("skipped").asLong());
  }

  /** POST /v1/import/events, NDJSON with each event's own (shifted) timestamp. */
  Counts importEvents(String ndjson) throws IOException, InterruptedException {
    return eventCounts(http.post("/v1/import/events", "application/x-ndjson", ndjson, IMPORT_TIMEOUT));
  }

  /** POST /v1/events: live events, a JSON array. */
  Counts postEvents(String jsonArray) throws IOException, InterruptedException {
    return eventCounts(http.post("/v1/events", jsonArray, REQUEST_TIMEOUT));
  }

  /**
   * GET /v1/users/{id}/recommendations?k=..&seen=..; asked again on 503, 429 or a timeout (a busy
   * node under a running import may shed load), refused on any other failure.
   */
  ServedList recommendations(String userId, int k, SeenPolicy seen) throws IOException, InterruptedException {
    return recommendations(userId, k, seen, "ranked");
  }

  /**
   * The same with {@code order=ranked|retrieval}: the served ranker's order, or the history blend's
   * alone; {@code seen} null asks without a {@code seen} parameter, as a client that does not know it
   * would (the node's default).
   */
  ServedList recommendations(String userId, int k, SeenPolicy seen, String order)
      throws IOException, InterruptedException {
    String path = "/v1/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20")
        + "/recommendations?k=" + k + (seen == null ? "" : "&seen=" + seen.label()) + "&order=" + order;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.get(path, REQUEST_TIMEOUT);
        if (response.statusCode() == 200) {
          return ServedList.of(MAPPER.readTree(response.body()));
        }
        if ((response.statusCode() != 503 && response.statusCode() != 429) || attempt >= RECOMMEND_ATTEMPTS) {
          throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
      } catch (HttpTimeoutException e) {
        if (attempt >= RECOMMEND_ATTEMPTS) {
          throw e;
        }
      }
      Thread.sleep(1000L * attempt);
    }
  }

  /** GET /v1/models: the registry (the ranker trained from history among its models). */
  JsonNode models() throws IOException, InterruptedException {
    return operatorGet("/v1/models");
  }

  /** GET /v1/admin/serving: the model, catalog replica and history model this node serves with. */
  JsonNode serving() throws IOException, InterruptedException {
    return operatorGet("/v1/admin/serving");
  }

  /** GET /v1/admin/learning: the loop's offsets, the embedding retrainer's last run among them. */
  JsonNode learning() throws IOException, InterruptedException {
    return operatorGet("/v1/admin/learning");
  }

  private JsonNode operatorGet(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.get(path, REQUEST_TIMEOUT);
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  private static Counts eventCounts(JsonNode reply) {
    return new Counts(reply.path("accepted").asLong(), reply.path("duplicates").asLong(),
        reply.path("rejected").asLong() + reply.path("skipped").asLong());
  }
}
