package io.persona.gateway.http;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.gateway.auth.ApiKeys;
import io.persona.gateway.auth.Authenticator;
import io.persona.gateway.auth.KeyRates;
import io.persona.gateway.auth.MemoryKeyStore;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure that passes is a 503 with Retry-After; a fault of the server is a 500 problem with an
 * error id and no retry hint, so a producer does not resend a request that can only fail again.
 */
class ServerFailuresTest extends AllDirectives {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient client = HttpClient.newHttpClient();
  private static ActorSystem<Void> system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "server-failures-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @Test
  void timeoutsCassandraOutagesAndFullQueuesPassWhateverWrapsThem() {
    assertTrue(ServerFailures.passes(new CompletionException(new AskTimeoutException("ask timed out"))));
    assertTrue(ServerFailures.passes(AllNodesFailedException.fromErrors(List.of())));
    assertTrue(ServerFailures.passes(new RuntimeException(new java.util.concurrent.RejectedExecutionException())));
    assertFalse(ServerFailures.passes(new IllegalStateException("a bug")));
    assertFalse(ServerFailures.passes(new CompletionException(new NullPointerException())));
    assertFalse(ServerFailures.passes(new InvalidQueryException(null, "unknown column")),
        "a query Cassandra refuses fails the same way every time");
    assertFalse(ServerFailures.passes(new java.util.concurrent.CompletionException(
        new com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException(
            com.datastax.oss.driver.api.core.type.DataTypes.TEXT,
            com.datastax.oss.driver.api.core.type.reflect.GenericType.INTEGER))), "a value without a codec");
  }

  @Test
  void aBugIsA500WithAnErrorIdAndNoRetryHint() throws Exception {
    HttpResponse<String> reply = get(routes(path("bug", () -> {
      throw new IllegalStateException("a bug");
    })), "/v1/bug");
    assertEquals(500, reply.statusCode(), reply.body());
    assertEquals("application/problem+json", reply.headers().firstValue("Content-Type").orElse(""));
    assertTrue(reply.headers().firstValue("Retry-After").isEmpty(), reply.headers().toString());
    JsonNode problem = JSON.readTree(reply.body());
    assertEquals("/problems/internal-error", problem.get("type").asText());
    assertTrue(problem.get("detail").asText().matches(".*error id [0-9a-f-]{36}.*"), reply.body());
    assertFalse(reply.body().contains("IllegalStateException"), "no internals in the answer: " + reply.body());
  }

  @Test
  void aFailedFutureOfABugIsA500TooAndATimeoutA503() throws Exception {
    Route routes = routes(concat(
        path("broken", () -> completeWithFuture(CompletableFuture.failedFuture(new NullPointerException())
            .thenApply(x -> Responses.json(200, x)))),
        path("slow", () -> completeWithFuture(CompletableFuture.failedFuture(new AskTimeoutException("late"))
            .thenApply(x -> Responses.json(200, x))))));
    assertEquals(500, get(routes, "/v1/broken").statusCode());
    HttpResponse<String> slow = get(routes, "/v1/slow");
    assertEquals(503, slow.statusCode(), slow.body());
    assertEquals("2", slow.headers().firstValue("Retry-After").orElse(""));
  }

  private Route routes(Route publicApi) {
    Access access = new Access(true, new Authenticator("operator-key-for-tests", new ApiKeys(new MemoryKeyStore()),
        Optional.empty(), Clock.systemUTC()), new KeyRates(), 100, 20, System::nanoTime);
    return new PersonaRoutes(publicApi, reject(), access, new Cors(""), reject(), Duration.ofSeconds(2)).route();
  }

  private static HttpResponse<String> get(Route route, String path) throws Exception {
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      URI uri = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
      return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
