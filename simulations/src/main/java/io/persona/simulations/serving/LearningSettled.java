package io.persona.simulations.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until the node has learned from the seed before the serving benchmark measures: the seed
 * is a burst of events, which the node learns about ten seconds after it settles (a history model
 * whose retrieval blend is measured on held-out users, an item-embedding run, and every re-trained
 * vector written to the replica and its index). The history model's measurement takes both cores
 * for tens of seconds and a ranker from history is trained after it; the benchmark's quiet-machine
 * wait covers that training.
 * Measured during that catch-up, latency says how serving fares while two cores also train, not
 * how it serves. Properties: {@code bench.url}, {@code bench.since} (ISO instant: the seed's end),
 * {@code bench.settle-timeout-seconds} (600). Prints how long it waited, or that it gave up.
 */
public final class LearningSettled {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LearningSettled() {}

  public static void main(String[] args) throws Exception {
    String url = System.getProperty("bench.url", "http://127.0.0.1:8080").replaceAll("/$", "");
    Instant since = Instant.parse(System.getProperty("bench.since"));
    Duration within = Duration.ofSeconds(Long.getLong("bench.settle-timeout-seconds", 600));
    String key = System.getenv().getOrDefault("PERSONA_OPERATOR_KEY", "persona-local-operator");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long started = System.nanoTime();
    while (true) {
      JsonNode embeddings = get(http, url + "/v1/admin/learning", key).path("embeddings");
      JsonNode serving = get(http, url + "/v1/admin/serving", key);
      JsonNode catalog = serving.path("catalog");
      JsonNode history = serving.path("history");
      boolean ranAfterSeed = embeddings.path("started").asBoolean(false)
          && !Instant.parse(embeddings.path("offset").asText()).isBefore(since);
      boolean replicated = catalog.path("trainedEmbeddings").asLong()
          >= embeddings.path("counters").path("items").asLong();
      boolean historyTrained = history.hasNonNull("trainedAt")
          && !Instant.parse(history.path("trainedAt").asText()).isBefore(since);
      // trained after the seed and published with its blend measured (the co-occurrence pairing's
      // search may still run after that: the quiet-machine wait that follows covers it)
      boolean historyMeasured = historyTrained && history.path("blend").path("measured").asBoolean(false);
      double seconds = (System.nanoTime() - started) / 1e9;
      // a node that does not measure its blend (persona.learning.history.blend.tune = false) never
      // shows one: a model trained after the seed is enough once two minutes have passed
      if (ranAfterSeed && replicated && (historyMeasured || historyTrained && seconds > 120)) {
        System.out.printf("The node learned from the seed: an embedding run read to %s, %d trained vectors "
            + "replicated, history model %s on %d interactions with its blend measured (waited %.0f s)%n",
            embeddings.path("offset").asText(), catalog.path("trainedEmbeddings").asLong(),
            history.path("version").asText(), history.path("interactions").asLong(), seconds);
        return;
      }
      if (seconds > within.toSeconds()) {
        System.out.printf("The node had not learned from the seed after %.0f s (embeddings %s, replicated %s, "
            + "history measured %s); measuring anyway%n", seconds, ranAfterSeed, replicated, historyMeasured);
        return;
      }
      Thread.sleep(2000);
    }
  }

  private static JsonNode get(HttpClient http, String uri, String key) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
        .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? MAPPER.readTree(response.body()) : MAPPER.createObjectNode();
  }
}
