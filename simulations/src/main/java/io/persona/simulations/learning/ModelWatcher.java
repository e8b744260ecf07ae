package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.simulations.PersonaHttp;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls GET /v1/models every few seconds and remembers every model it has seen, with the time its
 * training data reaches. The registry keeps models after they are replaced, so a model that was
 * champion only between two polls is still seen. A node without the endpoint (404), or one whose
 * answer lacks the fields, leaves freshness unknown rather than failing the run.
 */
final class ModelWatcher implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PersonaHttp http;
  private final Map<String, ModelInfo> models = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "model-watcher");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean answered;
  private volatile String lastProblem = "never polled";

  ModelWatcher(PersonaHttp http) {
    this.http = http;
  }

  void start(Duration every) {
    timer.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the endpoint ever answered a list of models. */
  boolean answered() {
    return answered;
  }

  String lastProblem() {
    return lastProblem;
  }

  Map<String, ModelInfo> models() {
    return new TreeMap<>(models);
  }

  void poll() {
    try {
      HttpResponse<String> response = http.get("/v1/models", Duration.ofSeconds(5));
      if (response.statusCode() != 200) {
        lastProblem = "GET /v1/models answered " + response.statusCode();
        return;
      }
      JsonNode list = MAPPER.readTree(response.body()).path("models");
      if (!list.isArray()) {
        lastProblem = "GET /v1/models has no \"models\" list";
        return;
      }
      answered = true;
      for (JsonNode model : list) {
        String version = model.path("version").asText("");
        if (!version.isEmpty()) {
          models.put(version, new ModelInfo(version, model.path("kind").asText("unknown"),
              model.path("status").asText("unknown"), millis(model.path("dataTo"))));
        }
      }
    } catch (Exception e) {
      // a slow or restarting node: the next poll tries again
      lastProblem = "GET /v1/models failed: " + e;
    }
  }

  /** An ISO-8601 instant or epoch milliseconds; -1 when absent or unreadable. */
  static long millis(JsonNode value) {
    if (value.isNumber()) {
      return value.asLong();
    }
    try {
      return value.isTextual() ? Instant.parse(value.asText()).toEpochMilli() : -1;
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
