package io.persona.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A continuous event load: client threads POST /v1/events batches, round-robin over a set of node
 * HTTP ports that the test may change at any time (to stop sending to a node before it leaves or
 * is killed). Each batch holds events of ONE user, so a failure says whose requests fail; the
 * users are many, so every node hosts some. Every event id is new (nothing is resent), and an
 * event counts as acknowledged only on HTTP 200 with its own status accepted or duplicate.
 * Optionally every fourth request is a GET /v1/users/{id}/recommendations.
 */
public final class EventLoad implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BODY_KEPT = 2000;

  /**
   * @param threads         client threads, each with one request in flight
   * @param users           distinct users the batches go to, round-robin
   * @param eventsPerBatch  events in one POST
   * @param pause           each thread's pause between two requests (keeps the load steady)
   * @param recommendations also ask for recommendations (every fourth request)
   * @param requestTimeout  how long a client waits for an answer (longer than the nodes' ask timeout)
   */
  public record Settings(int threads, int users, int eventsPerBatch, Duration pause, boolean recommendations,
      Duration requestTimeout) {
    public static Settings defaults() {
      return new Settings(4, 60, 5, Duration.ofMillis(20), true, Duration.ofSeconds(15));
    }

    public Settings withUsers(int count) {
      return new Settings(threads, count, eventsPerBatch, pause, recommendations, requestTimeout);
    }

    public Settings withRecommendations(boolean on) {
      return new Settings(threads, users, eventsPerBatch, pause, on, requestTimeout);
    }
  }

  private final Settings settings;
  private final String run;
  private final List<String> users;
  private final List<String> items;
  private final HttpClient http;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<LoadAttempt> attempts = new ConcurrentLinkedQueue<>();
  private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong requestCounter = new AtomicLong();
  private final AtomicLong portCounter = new AtomicLong();
  private final AtomicLong eventCounter = new AtomicLong();
  private volatile List<Integer> targets;
  private volatile boolean running = true;

  private EventLoad(Settings settings, String run, List<String> items, List<Integer> targets) {
    this.settings = settings;
    this.run = run;
    this.items = List.copyOf(items);
    this.targets = List.copyOf(targets);
    List<String> names = new ArrayList<>();
    for (int u = 0; u < settings.users(); u++) {
      names.add(run + "-u" + u);
    }
    this.users = List.copyOf(names);
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Starts the client threads at once. {@code run} prefixes user and event ids (unique per test). */
  public static EventLoad start(Settings settings, String run, List<String> items, List<Integer> targets) {
    EventLoad load = new EventLoad(settings, run, items, targets);
    for (int t = 0; t < settings.threads(); t++) {
      Thread thread = new Thread(load::loop, "event-load-" + run + "-" + t);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  /** From the next request on, send only to these HTTP ports. */
  public void target(List<Integer> ports) {
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("the load needs at least one node");
    }
    this.targets = List.copyOf(ports);
  }

  /** Stops sending and waits for the requests in flight to be answered. */
  public void stop() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(settings.requestTimeout().plusSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public List<String> users() {
    return users;
  }

  /** Acknowledged event ids per user (users without any are absent). */
  public Map<String, Set<String>> acknowledged() {
    Map<String, Set<String>> copy = new java.util.TreeMap<>();
    acknowledged.forEach((user, ids) -> copy.put(user, Set.copyOf(ids)));
    return copy;
  }

  public long acknowledgedCount() {
    return acknowledged.values().stream().mapToLong(Set::size).sum();
  }

  public List<LoadAttempt> attempts() {
    return List.copyOf(attempts);
  }

  public List<LoadAttempt> attempts(Predicate<LoadAttempt> which) {
    return attempts.stream().filter(which).toList();
  }

  /** Requests sent at or after {@code from}. */
  public List<LoadAttempt> since(Instant from) {
    return attempts(a -> !a.sentAt().isBefore(from));
  }

  public LoadReport report() {
    return LoadReport.of(attempts(), acknowledgedCount());
  }

  /** The counts of the requests sent at or after {@code from}. */
  public LoadReport reportSince(Instant from) {
    List<LoadAttempt> window = since(from);
    long acked = window.stream().filter(a -> a.kind() == LoadAttempt.Kind.EVENTS && a.ok())
        .mapToLong(LoadAttempt::events).sum();
    return LoadReport.of(window, acked);
  }

  /** Waits until at least {@code count} more requests were answered (or fails after {@code within}). */
  public void awaitRequests(long count, Duration within) {
    long target = attempts.size() + count;
    long deadline = System.nanoTime() + within.toNanos();
    while (attempts.size() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + attempts.size() + " of " + target + " requests answered within " + within);
      }
      Sleep.millis(100);
    }
  }

  private void loop() {
    while (running) {
      long n = requestCounter.getAndIncrement();
      String user = users.get((int) (n % users.size()));
      List<Integer> ports = targets;
      int port = ports.get((int) (portCounter.getAndIncrement() % ports.size()));
      LoadAttempt attempt = settings.recommendations() && n % 4 == 3
          ? recommend(user, port)
          : postEvents(user, port, n);
      attempts.add(attempt);
      if (!settings.pause().isZero()) {
        Sleep.millis(settings.pause().toMillis());
      }
    }
  }

  private LoadAttempt postEvents(String user, int port, long n) {
    List<String> ids = new ArrayList<>();
    StringBuilder body = new StringBuilder("[");
    Instant now = Instant.now();
    for (int e = 0; e < settings.eventsPerBatch(); e++) {
      String id = run + "-e" + eventCounter.getAndIncrement();
      ids.add(id);
      String item = items.get((int) ((n * 7 + e) % items.size()));
      String type = e % 5 == 4 ? "click" : "view";
      if (e > 0) {
        body.append(',');
      }
      body.append("{\"eventId\":\"").append(id).append("\",\"userId\":\"").append(user)
          .append("\",\"type\":\"").append(type).append("\",\"itemId\":\"").append(item)
          .append("\",\"timestamp\":\"").append(now).append("\"}");
    }
    body.append(']');
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    return send(request, LoadAttempt.Kind.EVENTS, user, port, ids);
  }

  private LoadAttempt recommend(String user, int port) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/users/" + user + "/recommendations?k=10"))
        .timeout(settings.requestTimeout())
        .GET()
        .build();
    return send(request, LoadAttempt.Kind.RECOMMENDATIONS, user, port, List.of());
  }

  private LoadAttempt send(HttpRequest request, LoadAttempt.Kind kind, String user, int port, List<String> ids) {
    Instant sentAt = Instant.now();
    long started = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new LoadAttempt(sentAt, kind, user, port, ids.size(), 0, e.getClass().getSimpleName(),
          elapsedMillis(started), null, null, String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new LoadAttempt(sentAt, kind, user, port, ids.size(), 0, "interrupted", elapsedMillis(started), null,
          null, null);
    }
    long latency = elapsedMillis(started);
    String failure = response.statusCode() == 200 ? unacknowledged(kind, response.body(), ids)
        : "HTTP " + response.statusCode();
    if (failure == null) {
      if (kind == LoadAttempt.Kind.EVENTS) {
        acknowledged.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).addAll(ids);
      }
      return new LoadAttempt(sentAt, kind, user, port, ids.size(), 200, null, latency, null, null, null);
    }
    String body = response.body();
    return new LoadAttempt(sentAt, kind, user, port, ids.size(), response.statusCode(), failure, latency,
        response.headers().firstValue("Retry-After").orElse(null),
        response.headers().firstValue("Content-Type").orElse(null),
        body.length() > BODY_KEPT ? body.substring(0, BODY_KEPT) + "..." : body);
  }

  /** Null when every event of the batch is accepted or duplicate; else why not. */
  private static String unacknowledged(LoadAttempt.Kind kind, String body, List<String> ids) {
    if (kind != LoadAttempt.Kind.EVENTS) {
      return null;
    }
    try {
      Map<String, JsonNode> byId = new java.util.HashMap<>();
      MAPPER.readTree(body).path("results").forEach(r -> byId.put(r.path("eventId").asText(), r));
      for (String id : ids) {
        JsonNode result = byId.get(id);
        if (result == null) {
          return "no result for " + id;
        }
        String status = result.path("status").asText();
        if (!status.equals("accepted") && !status.equals("duplicate")) {
          return status + ": " + result.path("reason").asText();
        }
      }
      return null;
    } catch (IOException e) {
      return "200 without a JSON body";
    }
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
