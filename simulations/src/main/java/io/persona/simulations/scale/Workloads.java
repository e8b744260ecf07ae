package io.persona.simulations.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.simulations.serving.ServingDataset;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two workloads, over the seeded dataset: ingest posts batches of new events of known users
 * (sharding routes each to its user's node, wherever the request arrived), recommend asks for a
 * known user's list (the profile comes from the user's entity, ranking runs on the node asked).
 */
final class Workloads {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] TYPES = {"view", "view", "view", "view", "click", "click", "add_to_cart", "purchase"};
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ServingDataset dataset;
  private final ScaleOptions options;
  private final String runId;
  private final AtomicLong sequence = new AtomicLong();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  Workloads(ScaleOptions options, String runId) {
    this.dataset = options.dataset();
    this.options = options;
    this.runId = runId;
  }

  /** POST /v1/events with a batch; the units are the events the node acknowledged as accepted. */
  long ingest(URI base, SplittableRandom random) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/v1/events"))
            .header("Content-Type", "application/json").timeout(TIMEOUT)
            .header("Authorization", "Bearer " + options.operatorKey())
            .POST(HttpRequest.BodyPublishers.ofString(batch(random))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("POST /v1/events answered " + response.statusCode() + ": " + abbreviated(response.body()));
    }
    return MAPPER.readTree(response.body()).path("accepted").asLong();
  }

  /** GET a known user's recommendations; one unit per list served. */
  long recommend(URI base, SplittableRandom random) throws IOException, InterruptedException {
    String user = dataset.userId(random.nextInt(dataset.users()));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            base.resolve("/v1/users/" + user + "/recommendations?k=" + options.k())).timeout(TIMEOUT)
            .header("Authorization", "Bearer " + options.operatorKey()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET recommendations answered " + response.statusCode() + ": " + abbreviated(response.body()));
    }
    return 1;
  }

  private static String abbreviated(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  private String batch(SplittableRandom random) {
    StringBuilder body = new StringBuilder(options.batchSize() * 160).append('[');
    String now = Instant.now().toString();
    for (int i = 0; i < options.batchSize(); i++) {
      // squaring a uniform number skews towards low item numbers: a few items get most events
      double u = random.nextDouble();
      body.append(i == 0 ? "" : ",")
          .append("{\"eventId\":\"").append(runId).append('-').append(sequence.incrementAndGet())
          .append("\",\"userId\":\"").append(dataset.userId(random.nextInt(dataset.users())))
          .append("\",\"type\":\"").append(TYPES[random.nextInt(TYPES.length)])
          .append("\",\"itemId\":\"").append(dataset.itemId((int) (u * u * dataset.items())))
          .append("\",\"timestamp\":\"").append(now).append("\"}");
    }
    return body.append(']').toString();
  }
}
