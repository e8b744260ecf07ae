package io.persona.tests.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.LiveSocket;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-based fuzzing of the public API on a real node over real Cassandra: events, items,
 * recommendation queries and live-socket messages made of valid, odd and broken parts. Every
 * answer is one the README documents (2xx or a 4xx problem+json); never a 5xx.
 */
class ApiFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> EVENT_ANSWERS = Set.of(200, 400, 413, 415);
  private static final Set<Integer> ITEM_ANSWERS = Set.of(200, 400, 413, 415);
  private static final Set<Integer> QUERY_ANSWERS = Set.of(200, 400, 404);
  private static PersonaNode node;
  private static HttpJson http;

  /** Its own keyspace: the fuzzed items must not join the catalog other tests recommend from. */
  private static final String KEYSPACE = "persona_fuzz_" + Long.toString(System.nanoTime(), 36);

  @BeforeContainer
  static void start() {
    SharedCassandra.ensureStarted();
    node = TestNodes.start(ConfigFactory.parseString("persona.cassandra.keyspace = \"" + KEYSPACE + "\""));
    http = new HttpJson(node.httpPort());
  }

  @AfterContainer
  static void stop() {
    if (node != null) {
      node.close();
    }
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      SharedCassandra.dropKeyspace(session, KEYSPACE);
    }
  }

  @Property(tries = 250)
  void anyEventBodyIsAnsweredAsDocumented(@ForAll("eventBodies") String body, @ForAll boolean ndjson) {
    HttpJson.Reply reply = ndjson
        ? http.post("/v1/events", "application/x-ndjson", body)
        : http.postJson("/v1/events", body);
    assertDocumented(reply, EVENT_ANSWERS, body);
    Statistics.collect(reply.status());
    // the generator reaches both sides: batches recorded and batches refused
    Statistics.coverage(coverage -> {
      coverage.check(200).count(n -> n > 0);
      coverage.check(400).count(n -> n > 0);
    });
  }

  @Property(tries = 150)
  void anyItemBodyIsAnsweredAsDocumented(@ForAll("itemBodies") String body) {
    HttpJson.Reply reply = http.postJson("/v1/items", body);
    assertDocumented(reply, ITEM_ANSWERS, body);
    Statistics.collect(reply.status());
    Statistics.coverage(coverage -> {
      coverage.check(200).count(n -> n > 0);
      coverage.check(400).count(n -> n > 0);
    });
  }

  @Property(tries = 150)
  void anyRecommendationQueryIsAnsweredAsDocumented(@ForAll("texts") String userId,
                                                    @ForAll("queryParameters") Map<String, String> parameters) {
    StringBuilder path = new StringBuilder("/v1/users/").append(encode(userId)).append("/recommendations");
    char separator = '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      path.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
      separator = '&';
    }
    assertDocumented(http.get(path.toString()), QUERY_ANSWERS, path.toString());
  }

  @Property(tries = 40)
  void anyLiveSocketMessageIsAnsweredAsDocumented(@ForAll("eventBodies") String generated) throws Exception {
    // a WebSocket text frame is UTF-8 by the protocol: a client cannot send a lone surrogate at all
    String message = new String(generated.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    String user = "fuzz-live-" + Math.abs(message.hashCode());
    try (LiveSocket socket = LiveSocket.open(node.httpPort(), "/v1/users/" + user + "/live?k=3")) {
      socket.next("recommendations", Duration.ofSeconds(15));
      socket.send(message);
      JsonNode answer;
      do {
        answer = socket.next(Duration.ofSeconds(15)); // pushes may come first
      } while ("recommendations".equals(answer.path("type").asText()));
      String type = answer.path("type").asText();
      assertTrue(type.equals("ack") || type.equals("error"), answer.toString());
      if (type.equals("error")) {
        int status = answer.path("problem").path("status").asInt();
        assertTrue((status >= 400 && status < 500) || status == 503, // 503: resend, as for HTTP
            "a socket answered " + answer + " to " + abbreviate(message));
      }
    }
  }

  private static void assertDocumented(HttpJson.Reply reply, Set<Integer> documented, String request) {
    if (reply.status() == 503 && reply.header("Retry-After") != null) {
      return; // documented too: the node (or Cassandra) was slow for a moment on a busy machine, not a fault
    }
    assertTrue(documented.contains(reply.status()),
        reply.status() + " " + abbreviate(reply.raw().body()) + " for " + abbreviate(request));
    if (reply.status() >= 400) {
      assertEquals("application/problem+json", reply.contentType(), reply.raw().body());
      JsonNode problem = reply.json();
      assertEquals(reply.status(), problem.path("status").asInt(), reply.raw().body());
      assertTrue(problem.path("detail").isTextual(), reply.raw().body());
    }
  }

  // ---- what is sent ----

  @Provide
  Arbitrary<String> texts() {
    return anyText();
  }

  @Provide
  Arbitrary<Object> jsonValues() {
    return anyJson();
  }

  private static Arbitrary<String> anyText() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars("-_.:@").ofMinLength(1)
            .ofMaxLength(20).map(s -> "fz-" + s)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(5)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(120).ofMaxLength(400)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "Home & Garden", "Électronique", "Children's", "a/b",
            "%00", "null", "\uD83D\uDE00", "\uD800")));
  }

  /** Any JSON value, nested a little. */
  private static Arbitrary<Object> anyJson() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(true, false),
        Arbitraries.longs(),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(1e308, -1e308, 4.9e-324, 0.0, -0.0, 1e39).map(d -> (Object) d),
        anyText().map(s -> (Object) s));
    return Arbitraries.oneOf(
        leaf,
        jsonValuesBelow(leaf).list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(anyText(), jsonValuesBelow(leaf)).ofMaxSize(4).map(m -> (Object) m));
  }

  private static Arbitrary<Object> jsonValuesBelow(Arbitrary<Object> leaf) {
    return Arbitraries.oneOf(leaf, leaf.list().ofMaxSize(3).map(l -> (Object) l));
  }

  @Provide
  Arbitrary<Object> timestamps() {
    Instant now = Instant.now();
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-86_400_000L * 365, 3_600_000L).map(d -> (Object) now.plusMillis(d).toString()),
        Arbitraries.of("1989-12-31T23:59:59Z", "1990-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z",
            "+1000000000-01-01T00:00:00Z", "yesterday", "").map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        jsonValues());
  }

  @Provide
  Arbitrary<Map<String, Object>> events() {
    Arbitrary<Object> type = Arbitraries.oneOf(
        Arbitraries.of("view", "click", "add_to_cart", "purchase", "rating", "dwell", "Not A Type").map(t -> (Object) t),
        jsonValues());
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.integers().between(-2, 12).map(v -> (Object) v),
        Arbitraries.doubles().map(v -> (Object) v),
        jsonValues());
    return Combinators.combine(
        field(texts().map(s -> (Object) s)), field(type), field(texts().map(s -> (Object) s)), field(timestamps()),
        field(value), field(texts().map(s -> (Object) s)),
        field(Arbitraries.maps(texts(), texts()).ofMaxSize(20).map(m -> (Object) m)),
        field(jsonValues())
    ).as((userId, eventType, itemId, timestamp, v, eventId, context, extra) -> {
      Map<String, Object> event = new LinkedHashMap<>();
      put(event, "userId", userId);
      put(event, "type", eventType);
      put(event, "itemId", itemId);
      put(event, "timestamp", timestamp);
      put(event, "value", v);
      put(event, "eventId", eventId);
      put(event, "context", context);
      put(event, "unexpected", extra);
      return event;
    });
  }

  @Provide
  Arbitrary<String> eventBodies() {
    return bodies(events(), validEvents());
  }

  /** Batches that must be recorded: every field valid, in range, of a known or own type. */
  private static Arbitrary<String> validEvents() {
    Instant now = Instant.now();
    Arbitrary<Map<String, Object>> event = Combinators.combine(
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10),
        Arbitraries.of("view", "click", "add_to_cart", "purchase", "rating", "dwell"),
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10),
        Arbitraries.longs().between(0, 86_400_000L * 300),
        Arbitraries.integers().between(1, 5)
    ).as((user, type, item, ago, stars) -> {
      Map<String, Object> valid = new LinkedHashMap<>();
      valid.put("eventId", java.util.UUID.randomUUID().toString());
      valid.put("userId", "fz-user-" + user);
      valid.put("type", type);
      valid.put("itemId", "fz-item-" + item);
      valid.put("timestamp", now.minusMillis(ago).toString());
      if (type.equals("rating")) {
        valid.put("value", stars);
      }
      return valid;
    });
    return event.list().ofMinSize(1).ofMaxSize(3).map(ApiFuzzTest::write);
  }

  @Provide
  Arbitrary<Map<String, Object>> items() {
    Arbitrary<Object> embedding = Arbitraries.oneOf(
        Arbitraries.floats().between(-2, 2).list().ofSize(16).map(l -> (Object) l),
        Arbitraries.just(java.util.Collections.nCopies(16, 0)).map(l -> (Object) l),
        jsonValues());
    // mostly valid ids and categories with a few odd optional fields, so both answers are reached
    Arbitrary<Object> id = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
            .map(s -> (Object) ("fz-item-" + s))),
        net.jqwik.api.Tuple.of(1, texts().map(s -> (Object) s)),
        net.jqwik.api.Tuple.of(1, jsonValues()));
    Arbitrary<Object> categories = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of("shoes", "Home & Garden", "Électronique", "Children's")
            .map(c -> (Object) c)),
        net.jqwik.api.Tuple.of(1, texts().map(s -> (Object) s)),
        net.jqwik.api.Tuple.of(1, jsonValues()));
    return Combinators.combine(
        id, categories, rarely(texts().map(s -> (Object) s)),
        rarely(texts().list().ofMaxSize(70).map(l -> (Object) l)),
        rarely(Arbitraries.maps(texts(), texts()).ofMaxSize(5).map(m -> (Object) m)),
        rarely(jsonValues()), rarely(timestamps()), rarely(embedding)
    ).as((itemId, category, title, tags, attributes, available, created, vector) -> {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("itemId", itemId);
      item.put("category", category);
      put(item, "title", title);
      put(item, "tags", tags);
      put(item, "attributes", attributes);
      put(item, "available", available);
      put(item, "created", created);
      put(item, "embedding", vector);
      return item;
    });
  }

  @Provide
  Arbitrary<String> itemBodies() {
    Arbitrary<String> valid = Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10),
            Arbitraries.of("shoes", "Home & Garden", "Électronique", "Children's"))
        .as((id, category) -> (Map<String, Object>) new LinkedHashMap<String, Object>(Map.of(
            "itemId", "fz-item-" + id, "category", category)))
        .list().ofMinSize(1).ofMaxSize(3).map(ApiFuzzTest::write);
    return bodies(items(), valid);
  }

  @Provide
  Arbitrary<Map<String, String>> queryParameters() {
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("k", "seen", "device", "slot", "zone", "explain"), texts());
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.integers().between(-5, 200).map(String::valueOf),
        Arbitraries.of("exclude", "include", "Europe/Paris", "+05:30", "mobile", "1e9", "NaN"),
        texts());
    return Arbitraries.maps(key, value).ofMaxSize(5);
  }

  /** A field that is sometimes absent (the wrapper's null stands for "no such field"). */
  private static Arbitrary<Object> field(Arbitrary<Object> present) {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, present.map(Present::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  /** A field that is mostly absent, so that one odd field at a time is what a request gets wrong. */
  private static Arbitrary<Object> rarely(Arbitrary<Object> present) {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, present.map(Present::new)),
        net.jqwik.api.Tuple.of(4, Arbitraries.just(null)));
  }

  private record Present(Object value) {}

  private static void put(Map<String, Object> object, String name, Object field) {
    if (field instanceof Present present) {
      object.put(name, present.value());
    }
  }

  /**
   * One object, an array of them, any JSON, or a body cut anywhere, NDJSON when sent as such; and
   * bodies that must be accepted, so the coverage check always finds both answers.
   */
  private static Arbitrary<String> bodies(Arbitrary<Map<String, Object>> objects, Arbitrary<String> valid) {
    Arbitrary<String> whole = Arbitraries.oneOf(
        objects.map(ApiFuzzTest::write),
        objects.list().ofMaxSize(6).map(ApiFuzzTest::write),
        objects.list().ofMinSize(1).ofMaxSize(4).map(list -> {
          List<String> lines = new ArrayList<>();
          list.forEach(o -> lines.add(write(o)));
          return String.join("\n", lines);
        }));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, whole),
        net.jqwik.api.Tuple.of(2, whole.flatMap(text -> Arbitraries.integers().between(0, text.length())
            .map(cut -> text.substring(0, cut)))),
        net.jqwik.api.Tuple.of(2, anyJson().map(ApiFuzzTest::write)),
        net.jqwik.api.Tuple.of(2, valid));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
