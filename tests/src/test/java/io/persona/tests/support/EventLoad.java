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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A continuous event load at a fixed rate (an open model: a request that hangs does not hold the
 * next one back, as with independent producers), round-robin over the users and over a set of node
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
   * @param perSecond       requests sent per second, whatever the answers take
   * @param users           distinct users the requests go to, round-robin (each gets perSecond / users)
   * @param eventsPerBatch  events in one POST
   * @param recommendations also ask for recommendations (every fourth request)
   * @param requestTimeout  how long a client waits for an answer (longer than the nodes' ask timeout)
   * @param maxInFlight     requests waiting for an answer at most; beyond, sending waits for one
   */
  public record Settings(int perSecond, int users, int eventsPerBatch, boolean recommendations,
      Duration requestTimeout, int maxInFlight) {
    /** 40 requests/s over 40 users: each user is asked about once a second. */
    public static Settings defaults() {
      return new Settings(40, 40, 4, true, Duration.ofSeconds(30), 2000);
    }

    public Settings withUsers(int count) {
      return new Settings(perSecond, count, eventsPerBatch, recommendations, requestTimeout, maxInFlight);
    }
  }

  private final Settings settings;
  private final String run;
  private final List<String> users;
  private final List<String> items;
  private final HttpClient http;
  private final Thread sender;
  private final Semaphore inFlight;
  private final ConcurrentLinkedQueue<LoadAttempt> attempts = new ConcurrentLinkedQueue<>();
  private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong eventCounter = new AtomicLong();
  /**
   * Batches to send again, as producers do: every batch answered 503 or not answered at all, and
   * one in 20 of those acknowledged (a producer that lost the answer). Bounded: the oldest beyond
   * {@link #MAX_RESENDS} are given up, as a producer's buffer would.
   */
  private final java.util.concurrent.ConcurrentLinkedDeque<Batch> resends = new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger pendingResends = new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong resent = new AtomicLong();
  private static final int MAX_RESENDS = 1000;

  /** One POST of events, kept byte for byte so a resend is the same request. */
  private record Batch(String user, List<String> ids, String body) {}
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
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    this.sender = new Thread(this::sendLoop, "event-load-" + run);
    sender.setDaemon(true);
  }

  /** Starts sending at once. {@code run} prefixes user and event ids (unique per test). */
  public static EventLoad start(Settings settings, String run, List<String> items, List<Integer> targets) {
    EventLoad load = new EventLoad(settings, run, items, targets);
    load.sender.start();
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
    try {
      sender.join(10_000);
      long waitMillis = settings.requestTimeout().plusSeconds(5).toMillis();
      if (inFlight.tryAcquire(settings.maxInFlight(), waitMillis, TimeUnit.MILLISECONDS)) {
        inFlight.release(settings.maxInFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
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
    Map<String, Set<String>> copy = new TreeMap<>();
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

  private void sendLoop() {
    long interval = 1_000_000_000L / settings.perSecond();
    long next = System.nanoTime();
    for (long n = 0; running; n++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      // a slot missed while waiting for a free in-flight permit is skipped, not sent in a burst
      next = Math.max(next + interval, System.nanoTime());
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      String user = users.get((int) (n % users.size()));
      List<Integer> ports = targets;
      int port = ports.get((int) ((n / users.size() + n) % ports.size()));
      if (settings.recommendations() && n % 4 == 3) {
        send(recommend(user, port), LoadAttempt.Kind.RECOMMENDATIONS, null, user, port, List.of());
        continue;
      }
      Batch batch = resends.pollFirst();
      if (batch != null) {
        pendingResends.decrementAndGet();
        resent.incrementAndGet();
      } else {
        List<String> ids = eventIds();
        batch = new Batch(user, ids, eventsBody(user, ids, n));
      }
      send(postEvents(port, batch.body()), LoadAttempt.Kind.EVENTS, batch, batch.user(), port, batch.ids());
    }
  }

  private List<String> eventIds() {
    List<String> ids = new ArrayList<>();
    for (int e = 0; e < settings.eventsPerBatch(); e++) {
      ids.add(run + "-e" + eventCounter.getAndIncrement());
    }
    return ids;
  }

  private String eventsBody(String user, List<String> ids, long n) {
    StringBuilder body = new StringBuilder("[");
    Instant now = Instant.now();
    for (int e = 0; e < ids.size(); e++) {
      String item = items.get((int) ((n * 7 + e) % items.size()));
      String type = e % 5 == 4 ? "click" : "view";
      if (e > 0) {
        body.append(',');
      }
      body.append("{\"eventId\":\"").append(ids.get(e)).append("\",\"userId\":\"").append(user)
          .append("\",\"type\":\"").append(type).append("\",\"itemId\":\"").append(item)
          .append("\",\"timestamp\":\"").append(now).append("\"}");
    }
    body.append(']');
    return body.toString();
  }

  private HttpRequest postEvents(int port, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + HttpJson.producerKey())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private void resendLater(Batch batch) {
    resends.addLast(batch);
    if (pendingResends.incrementAndGet() > MAX_RESENDS && resends.pollFirst() != null) {
      pendingResends.decrementAndGet();
    }
  }

  /** Batches sent again so far (each also counted as an attempt). */
  public long resentCount() {
    return resent.get();
  }

  private HttpRequest recommend(String user, int port) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/users/" + user + "/recommendations?k=10"))
        .header("Authorization", "Bearer " + HttpJson.producerKey())
        .timeout(settings.requestTimeout())
        .GET()
        .build();
  }

  /** Sends without waiting; the answer (or the error) is recorded when it arrives. */
  private void send(HttpRequest request, LoadAttempt.Kind kind, Batch batch, String user, int port, List<String> ids) {
    Instant sentAt = Instant.now();
    long started = System.nanoTime();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      try {
        LoadAttempt attempt = error != null
            ? failed(sentAt, kind, user, port, ids, started, error)
            : answered(sentAt, kind, user, port, ids, started, response);
        attempts.add(attempt);
        if (batch != null && running) {
          boolean unanswered = error != null || attempt.status() == 503;
          if (unanswered || (attempt.status() == 200
              && java.util.concurrent.ThreadLocalRandom.current().nextInt(20) == 0)) {
            resendLater(batch);
          }
        }
      } finally {
        inFlight.release();
      }
    });
  }

  private static LoadAttempt failed(Instant sentAt, LoadAttempt.Kind kind, String user, int port, List<String> ids,
      long started, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return new LoadAttempt(sentAt, kind, user, port, ids.size(), 0, cause.getClass().getSimpleName(),
        elapsedMillis(started), null, null, String.valueOf(cause.getMessage()));
  }

  private LoadAttempt answered(Instant sentAt, LoadAttempt.Kind kind, String user, int port, List<String> ids,
      long started, HttpResponse<String> response) {
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
      Map<String, JsonNode> byId = new HashMap<>();
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
