package io.persona.simulations.serving;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Recommendation serving under an open workload: {@code GET /v1/users/{id}/recommendations} at a
 * constant arrival rate (arrival times randomized by Gatling), whatever the response times, so a
 * slow server faces a growing queue as real clients would make one. Users are the seeded ones
 * ({@link CatalogSeeder}) plus a share of users never seen before (the cold start). A request is OK
 * when it is answered 200 with a non-empty {@code items} list.
 *
 * <p>A warm-up phase (request name "warm-up", a ramp up to the rate) runs first and is reported
 * apart; the figures are those of the requests named "recommendations", which start once the
 * warm-up's requests have all completed. No assertion fails the run on latency: the figures are
 * reported. {@link #after()} writes them, exact (every response time is kept), to
 * -Dbench.recommend-out (JSON, default target/serving/recommend.json), overall and for known and
 * cold users apart; bench-serving gathers them into simulations/results/serving.json.
 *
 * <p>Options: -Dbench.url, -Dbench.rate (requests/s, default 100), -Dbench.duration-seconds (60),
 * -Dbench.warmup-seconds (15, 0 for none), -Dbench.cold-share (0.1), -Dbench.k (10), and the
 * dataset sizes of {@link ServingDataset}.
 */
public class RecommendSimulation extends Simulation {
  static final String MEASURED = "recommendations";
  static final String WARM_UP = "warm-up";
  private static final String[] DEVICES = {"mobile", "mobile", "web", "tablet"};

  private final ServingDataset data = ServingDataset.fromSystemProperties();
  private final String baseUrl = System.getProperty("bench.url", "http://127.0.0.1:8080");
  private final double rate = Double.parseDouble(System.getProperty("bench.rate", "100"));
  private final int durationSeconds = Integer.getInteger("bench.duration-seconds", 60);
  private final int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 15);
  private final double coldShare = Double.parseDouble(System.getProperty("bench.cold-share", "0.1"));
  private final int k = Integer.getInteger("bench.k", 10);

  private final Path out = Paths.get(System.getProperty("bench.recommend-out", "target/serving/recommend.json"));
  private final RequestLog measuredLog = new RequestLog();
  private final RequestLog knownLog = new RequestLog();
  private final RequestLog coldLog = new RequestLog();
  private final RequestLog warmUpLog = new RequestLog();

  {
    HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
        .acceptHeader("application/json")
        .authorizationHeader(io.persona.simulations.PersonaHttp.OPERATOR_AUTHORIZATION)
        .userAgentHeader("persona-bench-serving")
        .disableWarmUp()
        // a front end calls Persona over pooled keep-alive connections, not one per visitor
        .shareConnections();

    ScenarioBuilder measured = scenario("recommend").feed(users(data.seed())).exec(recommend(MEASURED))
        .exec(session -> record(session, measuredLog, session.getBoolean("cold") ? coldLog : knownLog));
    PopulationBuilder population = measured.injectOpen(constantUsersPerSec(rate).during(durationSeconds).randomized());
    if (warmupSeconds > 0) {
      ScenarioBuilder warmUp = scenario("warm-up").feed(users(data.seed() + 1)).exec(recommend(WARM_UP))
          .exec(session -> record(session, warmUpLog, null));
      population = warmUp.injectOpen(rampUsersPerSec(Math.min(1, rate)).to(rate).during(warmupSeconds))
          .andThen(population);
    }
    setUp(population).protocols(protocol);
  }

  private ChainBuilder recommend(String name) {
    return exec(session -> session.set("startedAt", System.currentTimeMillis()))
        .exec(http(name).get("/v1/users/#{userId}/recommendations")
            .queryParam("k", k)
            .queryParam("device", "#{device}")
            .check(responseTimeInMillis().saveAs("latencyMs"), status().is(200),
                jmesPath("length(items)").ofInt().gt(0), jmesPath("modelKind").optional().saveAs("modelKind")));
  }

  private Session record(Session session, RequestLog all, RequestLog kind) {
    boolean ok = !session.isFailed();
    long latency = session.contains("latencyMs") ? session.getInt("latencyMs") : -1;
    long started = session.getLong("startedAt");
    String modelKind = session.contains("modelKind") ? session.getString("modelKind") : null;
    long ended = System.currentTimeMillis();
    all.record(ok, latency, started, ended, modelKind);
    if (kind != null) {
      kind.record(ok, latency, started, ended, modelKind);
    }
    return session;
  }

  @Override
  public void after() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("baseUrl", baseUrl);
    options.put("rate", rate);
    options.put("durationSeconds", durationSeconds);
    options.put("warmupSeconds", warmupSeconds);
    options.put("coldShare", coldShare);
    options.put("k", k);
    options.put("injection", "open model: the rate for the duration, arrival times randomized, after a warm-up ramp"
        + " (reported apart) whose requests all completed first");
    options.put("connections", "one keep-alive pool shared by all virtual users");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("options", options);
    json.put("latencyMeasures", "Gatling's response time of OK requests (200 with a non-empty items list), ms");
    json.put("measured", measuredLog.figures());
    json.put("knownUsers", knownLog.figures());
    json.put("coldUsers", coldLog.figures());
    json.put("modelKinds", measuredLog.labels());
    json.put("warmUp", warmUpLog.figures());
    try {
      RequestLog.writeJson(out, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("Recommendations: " + measuredLog.figures());
    System.out.println("Figures written to " + out.toAbsolutePath());
  }

  /** Endless seeded draws: a seeded user, or (with probability cold-share) one nobody has seen. */
  private Iterator<Map<String, Object>> users(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String run = Long.toString(System.currentTimeMillis(), 36);
    return new Iterator<>() {
      private long colds;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public synchronized Map<String, Object> next() {
        String device = DEVICES[random.nextInt(DEVICES.length)];
        boolean cold = random.nextDouble() < coldShare;
        String userId = cold ? "sv-cold-" + run + "-" + colds++ : data.userId(random.nextInt(data.users()));
        return Map.of("userId", userId, "device", device, "cold", cold);
      }
    };
  }
}
