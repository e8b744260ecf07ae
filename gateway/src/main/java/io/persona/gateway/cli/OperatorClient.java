package io.persona.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A node's operator endpoints as the command line calls them, with the operator key ({@code
 * --operator-key}, else {@code PERSONA_OPERATOR_KEY}, else the local profiles' {@code
 * persona-local-operator}). A node that cannot be reached is {@link Unreachable}, so each command
 * can exit with {@link #UNREACHABLE} rather than a stack trace.
 */
final class OperatorClient {
  /** Exit codes the commands share: scripts can tell a refusal from a node that is not there. */
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  /** A node's answer: its status and its body as JSON (null when empty or not JSON). */
  record Reply(int status, JsonNode json, String text) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** What a refusal says: the problem's detail, else the body. */
    String why() {
      return json != null && json.has("detail") ? json.get("detail").asText() : text;
    }
  }

  static final class Unreachable extends Exception {
    Unreachable(String url, Exception cause) {
      super("no node answers at " + url + " (" + cause.getClass().getSimpleName() + "); is it running? --url");
    }
  }

  private final String base;
  private final String key;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @throws IllegalArgumentException for a URL that is not http(s)://host[:port] */
  OperatorClient(String url, String operatorKey) {
    this.base = url.replaceAll("/+$", "");
    if (!base.matches("https?://[^/\\s]+(/\\S*)?")) {
      throw new IllegalArgumentException("--url must be like http://127.0.0.1:8080, not " + url);
    }
    this.key = operatorKey != null ? operatorKey
        : System.getenv().getOrDefault("PERSONA_OPERATOR_KEY", "persona-local-operator");
  }

  /**
   * The client a command uses, or empty after saying on standard error why {@code url} is not a
   * node's URL (the command then exits {@link #USAGE}).
   */
  static java.util.Optional<OperatorClient> forCommand(String url, String operatorKey) {
    try {
      return java.util.Optional.of(new OperatorClient(url, operatorKey));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return java.util.Optional.empty();
    }
  }

  Reply get(String path) throws Unreachable, InterruptedException {
    return send("GET", path, null);
  }

  Reply send(String method, String path, String body) throws Unreachable, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = response.body().isBlank() ? null : Json.MAPPER.readTree(response.body());
      } catch (IOException notJson) {
        // the metrics' text, or a proxy's page: kept as text
      }
      return new Reply(response.statusCode(), json, response.body());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new Unreachable(base, e);
    } catch (IOException e) {
      throw new Unreachable(base, e);
    }
  }
}
