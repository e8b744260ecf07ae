package io.persona.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the tests: send a body, get status, headers and parsed JSON back. */
public final class HttpJson {
  public record Reply(int status, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("response is not JSON: " + raw.body(), e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization; // null: none sent

  /** A client of the node on {@code port}, sending the tests' producer key (every scope but admin). */
  public HttpJson(int port) {
    this("http://127.0.0.1:" + port, "Bearer " + producerKey());
  }

  /** The producer key every test node makes sure exists (persona.auth.bootstrap-key of persona-test.conf). */
  public static String producerKey() {
    return ProducerKey.TEXT;
  }

  private static final class ProducerKey { // read once, on first use
    static final String TEXT = SharedCassandra.testConfig().getString("persona.auth.bootstrap-key");
  }

  /** The same client without any credential. */
  public HttpJson anonymous() {
    return new HttpJson(base, null);
  }

  /** The same client, sending {@code Authorization: Bearer <credential>} (an API key or an end-user token). */
  public HttpJson withBearer(String credential) {
    return new HttpJson(base, "Bearer " + credential);
  }

  private HttpJson(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same client, sending {@code Authorization: Bearer <key>} (the operator endpoints need it). */
  public HttpJson withOperatorKey(String key) {
    return new HttpJson(base, "Bearer " + key);
  }

  /** With the operator key of the tests' configuration (persona-test.conf). */
  public HttpJson asOperator() {
    return withOperatorKey(SharedCassandra.testConfig().getString("persona.admin.operator-key"));
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Reply post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply postJson(String path, String body) {
    return post(path, "application/json", body);
  }

  /** Any method, with {@code body} of {@code contentType} when the body is not null. */
  public Reply request(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return send(request);
  }

  private Reply send(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
