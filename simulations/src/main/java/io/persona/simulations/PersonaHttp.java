package io.persona.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP client the simulations talk to a Persona node with: JSON POSTs resent while the node
 * asks for it (503 or 429, honouring Retry-After) or cannot be reached, which is safe because the
 * write API is idempotent; plain GETs that leave the status to the caller.
 */
public final class PersonaHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 10;
  /**
   * The simulations' credential: the operator key (PERSONA_OPERATOR_KEY, else the local profiles'
   * development key), which every endpoint accepts and no rate limit slows, so that a benchmark
   * measures the node rather than a producer key's limit.
   */
  public static final String OPERATOR_KEY = System.getenv().getOrDefault("PERSONA_OPERATOR_KEY", "persona-local-operator");
  public static final String OPERATOR_AUTHORIZATION = "Bearer " + OPERATOR_KEY;

  private final URI base;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  public PersonaHttp(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /** One POST of a JSON body, resent on 503, 429 or a broken connection, refused on any other status. */
  public JsonNode post(String path, String body, Duration timeout) throws IOException, InterruptedException {
    return post(path, "application/json", body, timeout);
  }

  /** The same with another body type (an import's application/x-ndjson or text/csv). */
  public JsonNode post(String path, String contentType, String body, Duration timeout)
      throws IOException, InterruptedException {
    URI uri = base.resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", contentType)
        .header("Authorization", OPERATOR_AUTHORIZATION)
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int attempt = 1; ; attempt++) {
      long waitMillis;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return MAPPER.readTree(response.body());
        }
        if (response.statusCode() != 503 && response.statusCode() != 429) {
          throw new IOException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        waitMillis = 1000L * response.headers().firstValue("Retry-After").map(PersonaHttp::seconds).orElse(2L);
        if (attempt >= MAX_ATTEMPTS) {
          throw new IOException("POST " + uri + " still answered " + response.statusCode() + " after "
              + attempt + " attempts: " + response.body());
        }
      } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        waitMillis = 2000L;
      }
      Thread.sleep(waitMillis);
    }
  }

  /** One GET, whatever it answers: the caller decides what a status means. */
  public HttpResponse<String> get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .header("Authorization", OPERATOR_AUTHORIZATION).timeout(timeout).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static long seconds(String retryAfter) {
    try {
      return Math.max(1, Long.parseLong(retryAfter.trim()));
    } catch (NumberFormatException e) {
      return 2;
    }
  }
}
