package io.persona.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client for the tests: every text message the server sends, parsed, in order. */
public final class LiveSocket implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final java.util.concurrent.CompletableFuture<Integer> closedByServer = new java.util.concurrent.CompletableFuture<>();
  private final WebSocket socket;

  private LiveSocket(String url, String bearer) throws Exception {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    this.socket = builder
        .buildAsync(URI.create(url), new Collector())
        .get(10, TimeUnit.SECONDS);
  }

  /** A socket opened with the tests' producer key. */
  public static LiveSocket open(int port, String pathAndQuery) throws Exception {
    return new LiveSocket("ws://127.0.0.1:" + port + pathAndQuery, HttpJson.producerKey());
  }

  /** A socket opened with {@code bearer} in the Authorization header, or with none when null (e.g. a token in the URL). */
  public static LiveSocket openWith(int port, String pathAndQuery, String bearer) throws Exception {
    return new LiveSocket("ws://127.0.0.1:" + port + pathAndQuery, bearer);
  }

  /** The next message, or an AssertionError after {@code timeout}. */
  public JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + timeout);
    }
    return message;
  }

  /** The next message of {@code type} ("recommendations", "ack", "error"), skipping others. */
  public JsonNode next(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (type.equals(message.path("type").asText())) {
        return message;
      }
    }
  }

  /**
   * The first message of each of {@code types}, in whatever order they come (messages of other
   * types, and later ones of a type already taken, are skipped): e.g. an event's ack and the push
   * it causes, which race each other.
   */
  public java.util.Map<String, JsonNode> nextOfEach(Duration timeout, String... types) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    java.util.Map<String, JsonNode> taken = new java.util.HashMap<>();
    java.util.Set<String> wanted = java.util.Set.of(types);
    while (taken.size() < wanted.size()) {
      JsonNode message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      String type = message.path("type").asText();
      if (wanted.contains(type)) {
        taken.putIfAbsent(type, message);
      }
    }
    return taken;
  }

  /** The close code the server closed the socket with, or an AssertionError after {@code timeout}. */
  public int awaitClosed(Duration timeout) throws Exception {
    try {
      return closedByServer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the server did not close the socket within " + timeout);
    }
  }

  /** The HTTP status a refused handshake was answered with; an AssertionError if the socket opened. */
  public static int refusedStatus(int port, String pathAndQuery) throws Exception {
    return refusedStatus(port, pathAndQuery, HttpJson.producerKey());
  }

  /** As {@link #refusedStatus(int, String)}, opened with {@code bearer} (null: no Authorization header). */
  public static int refusedStatus(int port, String pathAndQuery, String bearer) throws Exception {
    try {
      new LiveSocket("ws://127.0.0.1:" + port + pathAndQuery, bearer).close();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
    throw new AssertionError("the socket " + pathAndQuery + " was opened");
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closedByServer.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closedByServer.complete(-1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(MAPPER.readTree(partial.toString()));
        } catch (IOException e) {
          throw new AssertionError("server sent non-JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
