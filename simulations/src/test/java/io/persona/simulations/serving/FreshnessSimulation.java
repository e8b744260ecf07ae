package io.persona.simulations.serving;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Freshness: how long after an event the user's open WebSocket gets a list that reflects it. Each
 * of {@code K} virtual users opens {@code WS /v1/users/{id}/live}, waits for the first list, then
 * repeatedly posts a click of its user ({@code POST /v1/events}, or over the socket itself with
 * -Dbench.freshness-channel=ws) and waits for the next {@code "type":"recommendations"} push.
 *
 * <p>Freshness is measured from just before the event is sent to the moment Gatling received the
 * push: the send time is taken on the virtual user's thread right before the request action, the
 * receive time is the timestamp Gatling stamps on every inbound frame. Both come from a wall clock
 * anchored to {@code System.nanoTime()} (Gatling's clock and {@link FreshnessLog#nowMillis()}), so
 * they differ by a constant under ~1 ms; the resolution is 1 ms. Pushes reach the scenario through
 * Gatling's buffer of unmatched inbound messages, which is polled every 10 ms: the polling
 * delays the loop, never the measure. A push computed before the event was sent (its
 * {@code servedAt} earlier than the send; the node shares this machine's clock) is not counted.
 *
 * <p>Gatling's own report shows the connect (up to the first list) and the event POSTs; the
 * freshness figures (and the POSTs' response times) are written by {@link #after()} to
 * -Dbench.freshness-out (JSON, default target/serving/freshness.json). Options:
 * -Dbench.url, -Dbench.freshness-users (20), -Dbench.freshness-iterations (20),
 * -Dbench.freshness-pause-ms (500), -Dbench.freshness-timeout-ms (5000), -Dbench.freshness-channel
 * (http|ws), -Dbench.freshness-check-served-at (true), -Dbench.k (10),
 * -Dbench.freshness-warmup-iterations (5: each user's first iterations before the measured ones,
 * reported apart as "warmUp": a freshly started client's first requests, and the node's first
 * pushes, measure start-up rather than the push path), -Dbench.freshness-background-rate (0: none;
 * else other users' lists asked at about this rate while the pushes are measured, reported as
 * "background").
 */
public class FreshnessSimulation extends Simulation {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(10);
  private static final Duration STRAGGLERS = Duration.ofSeconds(1);
  /** The node stamps servedAt with the same wall clock; allow for the ms truncation on both sides. */
  private static final long SERVED_AT_TOLERANCE_MS = 2;

  private final ServingDataset data = ServingDataset.fromSystemProperties();
  private final String baseUrl = System.getProperty("bench.url", "http://127.0.0.1:8080");
  private final int users = Integer.getInteger("bench.freshness-users", 20);
  private final int iterations = Integer.getInteger("bench.freshness-iterations", 20);
  private final long pauseMs = Long.getLong("bench.freshness-pause-ms", 500);
  private final long timeoutMs = Long.getLong("bench.freshness-timeout-ms", 5000);
  private final String channel = System.getProperty("bench.freshness-channel", "http");
  private final boolean checkServedAt =
      Boolean.parseBoolean(System.getProperty("bench.freshness-check-served-at", "true"));
  private final int k = Integer.getInteger("bench.k", 10);
  private final int warmUpIterations = Integer.getInteger("bench.freshness-warmup-iterations", 5);
  private final double backgroundRate = Double.parseDouble(System.getProperty("bench.freshness-background-rate", "0"));
  private final Path out = Paths.get(System.getProperty("bench.freshness-out", "target/serving/freshness.json"));

  private final int[] starts = data.categoryStarts();
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final FreshnessLog log = new FreshnessLog();
  /** The first iterations of each user: a fresh client (and the node's push path) warming up. */
  private final FreshnessLog warmUpLog = new FreshnessLog();
  /** The background load's lists, when there is one. */
  private final RequestLog background = new RequestLog();
  /** Freshness users that finished: the background load stops once all have. */
  private final AtomicInteger finished = new AtomicInteger();

  {
    if (!channel.equals("http") && !channel.equals("ws")) {
      throw new IllegalArgumentException("bench.freshness-channel must be http or ws, not " + channel);
    }
    if (users > data.users()) {
      throw new IllegalArgumentException("bench.freshness-users (" + users + ") exceeds the seeded users ("
          + data.users() + ")");
    }
    HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
        .wsBaseUrl(baseUrl.replaceFirst("^http", "ws"))
        .acceptHeader("application/json")
        .authorizationHeader(io.persona.simulations.PersonaHttp.OPERATOR_AUTHORIZATION)
        .userAgentHeader("persona-bench-freshness")
        .disableWarmUp()
        // frames that no check waits for are kept here, where the scenario looks for the pushes
        .wsUnmatchedInboundMessageBufferSize(64);

    // distinct seeded users, spread over the range: nobody else sends events for them meanwhile
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      int user = (int) ((long) i * data.users() / users);
      records.add(Map.of("user", user, "userId", data.userId(user)));
    }

    ChainBuilder iteration = exec(ws.processUnmatchedMessages((messages, session) -> session)) // stale frames
        .exec(session -> session.removeAll("outcome", "pushedAt", "postMs")
            .set("event", event(session))
            .set("sentAt", log.nowMillis()))
        .exec(send())
        // lookForPush settles the outcome, by the timeout at the latest; the deadline here only guards
        // against a socket that can no longer be polled
        .asLongAs(session -> !session.contains("outcome")
            && log.nowMillis() - session.getLong("sentAt") <= timeoutMs + 1000).on(
            exec(ws.processUnmatchedMessages(this::lookForPush))
                .doIf(session -> !session.contains("outcome")).then(pause(POLL)))
        .exec(session -> {
          long sentAt = session.getLong("sentAt");
          String outcome = session.contains("outcome") ? session.getString("outcome") : "timeout";
          FreshnessLog recorded = logOf(session);
          recorded.record(outcome, sentAt, session.contains("pushedAt") ? session.getLong("pushedAt") : -1);
          if (channel.equals("http")) {
            long postMs = session.contains("postMs") ? session.getInt("postMs") : -1;
            recorded.recordSend(!session.isFailed(), postMs, sentAt, sentAt + Math.max(0, postMs));
          }
          return session.set("settled", outcome).markAsSucceeded(); // one failed POST must not fail the rest
        })
        // a push that comes after its event timed out must not pass for the next event's: give it
        // time to arrive, and the next iteration drops it
        .doIf(session -> session.getString("settled").equals("timeout")).then(pause(STRAGGLERS))
        .pause(Duration.ofMillis(pauseMs));

    ScenarioBuilder scenario = scenario("freshness")
        .feed(listFeeder(records).queue())
        .exec(ws("connect").connect("/v1/users/#{userId}/live?k=" + k)
            .await(Duration.ofMillis(timeoutMs)).on(ws.checkTextMessage("first list")
                .check(jmesPath("type").is("recommendations"), jmesPath("length(items)").ofInt().gt(0))))
        .doIf(Session::isFailed).then(exec(session -> {
          finished.incrementAndGet(); // no socket: this user is done (the background load waits for all)
          return session;
        }))
        .exitHereIfFailed()
        // spread the users over one pause, so that their events do not all arrive in step
        .pause(session -> Duration.ofMillis(new SplittableRandom(data.seed() + session.getInt("user"))
            .nextLong(Math.max(1, pauseMs))))
        .repeat(warmUpIterations + iterations, "n").on(iteration)
        .exec(ws("close").close())
        .exec(session -> {
          finished.incrementAndGet();
          return session;
        });

    if (backgroundRate > 0) {
      setUp(scenario.injectOpen(atOnceUsers(users)), backgroundLoad().injectOpen(atOnceUsers(backgroundWorkers())))
          .protocols(protocol);
    } else {
      setUp(scenario.injectOpen(atOnceUsers(users))).protocols(protocol);
    }
  }

  /** One background worker per request per second: each pauses about a second between its lists. */
  private int backgroundWorkers() {
    return (int) Math.max(1, Math.ceil(backgroundRate));
  }

  /**
   * Requests for other users' lists at about {@code backgroundRate} per second, from the start until
   * every freshness user finished: the node's threads are busy while the pushes are measured, as in
   * production. Each worker pauses an exponentially drawn time (less its last answer's time) before
   * each request, so arrivals are close to random; a worker waits for its answer, so a node that
   * falls behind gets fewer requests than asked (the JSON's background.okPerSecond is the rate met).
   * The freshness users are never asked for.
   */
  private ScenarioBuilder backgroundLoad() {
    int workers = backgroundWorkers();
    double meanPauseMs = 1000.0 * workers / backgroundRate;
    Set<Integer> measured = new HashSet<>();
    for (int i = 0; i < users; i++) {
      measured.add((int) ((long) i * data.users() / users));
    }
    if (measured.size() >= data.users()) {
      throw new IllegalArgumentException("a background load needs seeded users besides the freshness users");
    }
    SplittableRandom draws = new SplittableRandom(data.seed() ^ 0x5eed);
    Iterator<Map<String, Object>> feeder = Stream.generate(() -> {
      synchronized (draws) {
        int user = draws.nextInt(data.users());
        while (measured.contains(user)) {
          user = draws.nextInt(data.users());
        }
        return Map.<String, Object>of("backgroundUserId", data.userId(user), "backgroundPause",
            (long) (-meanPauseMs * Math.log(1 - draws.nextDouble())));
      }
    }).iterator();
    return scenario("background recommendations")
        .asLongAs(session -> finished.get() < users).on(
            feed(feeder)
                .pause(session -> Duration.ofMillis(Math.max(0, session.getLong("backgroundPause")
                    - (session.contains("backgroundMs") ? session.getInt("backgroundMs") : 0))))
                .exec(session -> session.remove("backgroundMs"))
                .exec(http("background list").get("/v1/users/#{backgroundUserId}/recommendations?k=" + k)
                    .check(responseTimeInMillis().saveAs("backgroundMs"), status().is(200)))
                .exec(session -> {
                  long latency = session.contains("backgroundMs") ? session.getInt("backgroundMs") : -1;
                  long now = log.nowMillis();
                  background.record(!session.isFailed(), latency, now - Math.max(0, latency), now, null);
                  return session.markAsSucceeded();
                }));
  }

  /** Where an iteration's figures go: its user's first iterations are the warm-up's. */
  private FreshnessLog logOf(Session session) {
    return session.getInt("n") < warmUpIterations ? warmUpLog : log;
  }

  /** A click of the user on an item of a category it likes; unique id, so never a duplicate. */
  private String event(Session session) {
    int user = session.getInt("user");
    int n = session.getInt("n");
    SplittableRandom random = new SplittableRandom(data.seed() * 1_000_003L + user * 1_009L + n);
    int item = data.nextItem(starts, data.preferences(user, starts), random);
    return "{\"eventId\":\"sv-fresh-" + run + "-" + user + "-" + n + "\",\"userId\":\"" + data.userId(user)
        + "\",\"type\":\"click\",\"itemId\":\"" + data.itemId(item) + "\",\"timestamp\":\"" + Instant.now() + "\"}";
  }

  private ActionBuilder send() {
    if (channel.equals("ws")) {
      return ws("event over the socket").sendText(session -> session.getString("event"));
    }
    return http("post event").post("/v1/events")
        .body(StringBody(session -> "[" + session.getString("event") + "]")).asJson()
        .check(responseTimeInMillis().saveAs("postMs"), status().is(200), jmesPath("accepted").ofInt().is(1));
  }

  /**
   * Settles the iteration: the first list pushed after the send (outcome "push"), an error pushed
   * instead ("error"), a failed POST ("post-failed"), or nothing within the timeout ("timeout").
   */
  private Session lookForPush(List<WsInboundMessage> messages, Session session) {
    long sentAt = session.getLong("sentAt");
    for (WsInboundMessage message : messages) {
      if (!(message instanceof WsInboundMessage.Text text) || message.timestamp() < sentAt) {
        continue;
      }
      if (message.timestamp() - sentAt > timeoutMs) {
        break; // too late to count, as if the timeout had been noticed in time
      }
      JsonNode json = parse(text.message());
      String type = json.path("type").asText();
      if (type.equals("recommendations")) {
        if (checkServedAt && computedBefore(json.path("servedAt").asText(""), sentAt)) {
          logOf(session).staleSkipped();
          continue;
        }
        if (json.path("items").isEmpty()) {
          logOf(session).emptyPush();
        }
        return session.set("outcome", "push").set("pushedAt", message.timestamp());
      }
      if (type.equals("error")) {
        return session.set("outcome", "error");
      }
    }
    if (session.isFailed()) { // the POST was not answered 200 with the event accepted
      return session.set("outcome", "post-failed");
    }
    if (log.nowMillis() - sentAt > timeoutMs) {
      return session.set("outcome", "timeout");
    }
    return session;
  }

  private static boolean computedBefore(String servedAt, long sentAt) {
    try {
      return Instant.parse(servedAt).toEpochMilli() + SERVED_AT_TOLERANCE_MS < sentAt;
    } catch (RuntimeException e) {
      return false; // no servedAt to judge by
    }
  }

  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return MAPPER.createObjectNode();
    }
  }

  @Override
  public void after() {
    try {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("baseUrl", baseUrl);
      options.put("channel", channel);
      options.put("users", users);
      options.put("iterations", iterations);
      options.put("pauseMs", pauseMs);
      options.put("timeoutMs", timeoutMs);
      options.put("checkServedAt", checkServedAt);
      options.put("k", k);
      options.put("warmUpIterations", warmUpIterations);
      options.put("backgroundRate", backgroundRate);
      Map<String, Object> apart = new LinkedHashMap<>();
      if (warmUpIterations > 0) {
        apart.put("warmUp", warmUpLog.figures());
      }
      if (backgroundRate > 0) {
        apart.put("background", background.figures());
      }
      log.write(out, options, apart);
      System.out.println(log.summary(channel));
      System.out.println("Freshness figures written to " + out.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
