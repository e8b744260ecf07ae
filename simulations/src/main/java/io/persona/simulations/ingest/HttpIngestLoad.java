package io.persona.simulations.ingest;

import io.persona.simulations.PersonaHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop producers: each of {@code concurrency} threads posts a batch, waits for the answer,
 * posts the next. The latency of a batch is the acknowledgement latency of each event in it: an
 * event is acknowledged only when its whole batch is answered.
 */
final class HttpIngestLoad {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI eventsUri;
  private final EventGenerator generator;
  private final BenchmarkOptions options;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  HttpIngestLoad(int port, EventGenerator generator, BenchmarkOptions options) {
    this.eventsUri = URI.create("http://127.0.0.1:" + port + "/v1/events");
    this.generator = generator;
    this.options = options;
  }

  PhaseResult run(Duration duration, String name) throws InterruptedException {
    Recorder latency = new Recorder(3);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> producers = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < options.httpConcurrency(); i++) {
      SplittableRandom random = new SplittableRandom(1000L + i);
      Thread producer = new Thread(() -> {
        while (running.get()) {
          String body = generator.batch(random);
          long sent = System.nanoTime();
          try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(eventsUri)
                    .header("Content-Type", "application/json")
                    .header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            latency.recordValue((System.nanoTime() - sent) / 1000);
            if (response.statusCode() == 200) {
              JsonNode reply = MAPPER.readTree(response.body());
              accepted.addAndGet(reply.get("accepted").asLong());
            } else {
              failures.incrementAndGet();
            }
          } catch (Exception e) {
            failures.incrementAndGet();
          }
        }
      }, "producer-" + i);
      producer.start();
      producers.add(producer);
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    for (Thread producer : producers) {
      producer.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Histogram histogram = latency.getIntervalHistogram();
    return PhaseResult.of(name, accepted.get(), seconds, histogram, failures.get());
  }
}
