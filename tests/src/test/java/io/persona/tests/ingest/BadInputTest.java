package io.persona.tests.ingest;

import io.persona.actors.user.UserEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bad input is answered 4xx with an RFC 7807 problem+json body that says what is wrong (for field
 * errors: which field of which event), never 5xx, and nothing of a rejected request reaches the
 * journal: checked over HTTP (the user stays unknown) and in Cassandra itself (no journal rows).
 */
@ExtendWith(SharedCassandra.class)
class BadInputTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern URL_SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private static final String JSON = "application/json";
  private static final String NDJSON = "application/x-ndjson";

  private static PersonaNode node;
  private static HttpJson http;
  private static HttpClient raw;
  private static CqlSession session;
  private static String keyspace;

  @BeforeAll
  static void startNode() {
    node = TestNodes.start();
    http = new HttpJson(node.httpPort());
    raw = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    session = CassandraSessions.connect(SharedCassandra.settings());
    keyspace = SharedCassandra.settings().keyspace();
  }

  @AfterAll
  static void stopNode() {
    if (session != null) {
      session.close();
    }
    if (node != null) {
      node.close();
    }
  }

  // ---------------------------------------------------------------- the checks work at all

  @Test
  void aValidEventIsStoredSoTheNothingStoredChecksCanSeeOne() {
    String user = freshUser();
    HttpJson.Reply reply = http.postJson("/v1/events", array(event(user, 1)));
    assertEquals(200, reply.status(), reply.raw().body());
    assertEquals(1, reply.json().get("accepted").asInt(), reply.raw().body());
    assertEquals(1, journalRows(user));
    assertEquals(200, http.get("/v1/users/" + user).status());
  }

  // ---------------------------------------------------------------- body-level problems

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        arguments("malformed JSON", "[{\"eventId\":\"e1\",\"userId\":"),
        arguments("unclosed array", "[{\"eventId\":\"e1\"}"),
        arguments("not JSON at all", "eventId=e1&userId=u1"),
        arguments("a number", "42"),
        arguments("a string", "\"events\""),
        arguments("true", "true"),
        arguments("null", "null"),
        arguments("empty body", ""),
        arguments("only whitespace", "  \n\t "),
        arguments("array of numbers", "[1, 2, 3]"),
        arguments("array with a non-object after an object", "[%s, \"x\"]"),
        arguments("array of arrays", "[[%s]]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void aMalformedBodyIs400AndStoresNothing(String name, String template) {
    String user = freshUser();
    String body = template.contains("%s") ? template.formatted(event(user, 1)) : template;
    JsonNode problem = assertProblem(http.postJson("/v1/events", body), 400);
    assertEquals("/problems/malformed-body", problem.get("type").asText(), problem.toString());
    assertNothingStored(user);
  }

  @Test
  void aMalformedNdjsonLineIs400NamingTheLineAndStoresNothing() {
    String user = freshUser();
    String body = event(user, 1) + "\n" + "{\"eventId\": \"e2\", \"userId\": " + "\n" + event(user, 3) + "\n";
    JsonNode problem = assertProblem(http.post("/v1/events", NDJSON, body), 400);
    assertEquals("/problems/malformed-body", problem.get("type").asText());
    assertTrue(problem.get("detail").asText().contains("line 2"), problem.toString());
    assertNothingStored(user);
  }

  @Test
  void anNdjsonLineThatIsNotAnObjectIs400NamingTheLine() {
    String user = freshUser();
    String body = event(user, 1) + "\n" + event(user, 2) + "\n[" + event(user, 3) + "]\n";
    JsonNode problem = assertProblem(http.post("/v1/events", NDJSON, body), 400);
    assertTrue(problem.get("detail").asText().contains("line 3"), problem.toString());
    assertNothingStored(user);
  }

  @Test
  void anNdjsonBodyWithAnInvalidEventNamesItsField() {
    String user = freshUser();
    ObjectNode bad = eventNode(user, 2);
    bad.put("timestamp", "not a time");
    String body = event(user, 1) + "\n" + bad + "\n" + event(user, 3);
    JsonNode problem = assertProblem(http.post("/v1/events", NDJSON, body), 400);
    assertInvalidParams(problem, "[1].timestamp");
    assertNothingStored(user);
  }

  @Test
  void anEmptyNdjsonBodyIs400() {
    assertProblem(http.post("/v1/events", NDJSON, "\n\n"), 400);
  }

  @Test
  void trailingContentAfterTheJsonValueIs400AndStoresNothing() {
    String user = freshUser();
    // two concatenated objects (a producer mixing up JSON and NDJSON) and an array followed by junk
    assertProblem(http.postJson("/v1/events", event(user, 1) + event(user, 2)), 400);
    assertProblem(http.postJson("/v1/events", array(event(user, 3)) + " ]junk"), 400);
    assertProblem(http.post("/v1/events", NDJSON, event(user, 4) + " " + event(user, 5) + "\n"), 400);
    assertNothingStored(user);
  }

  @Test
  void jsonBeyondTheParserLimitsIs400NotA5xx() {
    String user = freshUser();
    String longNumber = "1" + "0".repeat(2000);
    assertProblem(http.postJson("/v1/events", "[".repeat(5000)), 400);
    assertProblem(http.postJson("/v1/events", "[" + eventNode(user, 1).put("value", 0)
        .toString().replace("\"value\":0", "\"value\":" + longNumber) + "]"), 400);
    assertProblem(http.postJson("/v1/items", "[".repeat(5000)), 400);
    assertProblem(http.postJson("/v1/items", "[{\"itemId\":\"x\",\"category\":\"c\",\"n\":" + longNumber + "}]"), 400);
    assertNothingStored(user);
  }

  @Test
  void jsonBeyondTheParserLimitsInNdjsonIs400() {
    String user = freshUser();
    JsonNode problem = assertProblem(http.post("/v1/events", NDJSON, event(user, 1) + "\n" + "[".repeat(5000)), 400);
    assertTrue(problem.get("detail").asText().contains("line 2"), problem.toString());
    String longNumber = "1" + "0".repeat(2000);
    assertProblem(http.post("/v1/events", NDJSON,
        eventNode(user, 2).put("value", 0).toString().replace("\"value\":0", "\"value\":" + longNumber)), 400);
    assertNothingStored(user);
  }

  // ---------------------------------------------------------------- field problems

  private static Arguments invalid(String name, Consumer<ObjectNode> change, String... fields) {
    return arguments(name, change, fields);
  }

  static Stream<Arguments> invalidEvents() {
    String tooLong = "a".repeat(129);
    return Stream.of(
        invalid("missing eventId", e -> e.remove("eventId"), "[0].eventId"),
        invalid("missing userId", e -> e.remove("userId"), "[0].userId"),
        invalid("missing type", e -> e.remove("type"), "[0].type"),
        invalid("missing itemId", e -> e.remove("itemId"), "[0].itemId"),
        invalid("missing timestamp", e -> e.remove("timestamp"), "[0].timestamp"),
        invalid("null eventId", e -> e.putNull("eventId"), "[0].eventId"),
        invalid("eventId a number", e -> e.put("eventId", 42), "[0].eventId"),
        invalid("empty eventId", e -> e.put("eventId", ""), "[0].eventId"),
        invalid("eventId with a control character", e -> e.put("eventId", "ev\u00011"), "[0].eventId"),
        invalid("eventId with a C1 control character", e -> e.put("eventId", "ev-\u0085"), "[0].eventId"),
        invalid("eventId of 129 chars", e -> e.put("eventId", tooLong), "[0].eventId"),
        invalid("userId with a line break", e -> e.put("userId", "user\n" + UUID.randomUUID()), "[0].userId"),
        invalid("userId only spaces", e -> e.put("userId", "   "), "[0].userId"),
        invalid("userId of 129 chars", e -> e.put("userId", "u".repeat(129)), "[0].userId"),
        invalid("itemId with a tab", e -> e.put("itemId", "item\t1"), "[0].itemId"),
        invalid("itemId of 129 chars", e -> e.put("itemId", tooLong), "[0].itemId"),
        invalid("requestId with a NUL", e -> e.put("requestId", "req\u00001"), "[0].requestId"),
        invalid("type in capitals", e -> e.put("type", "View"), "[0].type"),
        invalid("type with a dash", e -> e.put("type", "add-to-cart"), "[0].type"),
        invalid("empty type", e -> e.put("type", ""), "[0].type"),
        invalid("type starting with a digit", e -> e.put("type", "1view"), "[0].type"),
        invalid("type of 65 chars", e -> e.put("type", "t".repeat(65)), "[0].type"),
        invalid("type a number", e -> e.put("type", 1), "[0].type"),
        invalid("timestamp before 1990", e -> e.put("timestamp", "1989-12-31T23:59:59Z"), "[0].timestamp"),
        invalid("timestamp in epoch seconds (1970 as millis)", e -> e.put("timestamp", 1_767_225_600L), "[0].timestamp"),
        invalid("timestamp 2h in the future",
            e -> e.put("timestamp", Instant.now().plus(2, ChronoUnit.HOURS).toString()), "[0].timestamp"),
        invalid("timestamp 2h in the future as millis",
            e -> e.put("timestamp", Instant.now().plus(2, ChronoUnit.HOURS).toEpochMilli()), "[0].timestamp"),
        invalid("timestamp in year 9999", e -> e.put("timestamp", "9999-12-31T23:59:59Z"), "[0].timestamp"),
        invalid("timestamp not parseable", e -> e.put("timestamp", "yesterday"), "[0].timestamp"),
        invalid("timestamp month 13", e -> e.put("timestamp", "2025-13-01T10:00:00Z"), "[0].timestamp"),
        invalid("timestamp without zone", e -> e.put("timestamp", "2025-06-01T10:00:00"), "[0].timestamp"),
        invalid("timestamp a date only", e -> e.put("timestamp", "2025-06-01"), "[0].timestamp"),
        invalid("timestamp a boolean", e -> e.put("timestamp", true), "[0].timestamp"),
        invalid("timestamp a fraction", e -> e.put("timestamp", 1.7e12), "[0].timestamp"),
        invalid("timestamp beyond a long", e -> e.set("timestamp",
            MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("99999999999999999999999"))), "[0].timestamp"),
        invalid("value as a string", e -> e.put("value", "5"), "[0].value"),
        invalid("value an object", e -> e.set("value", MAPPER.createObjectNode().put("n", 1)), "[0].value"),
        invalid("value beyond 1e12", e -> e.put("value", 2e12), "[0].value"),
        invalid("rating without value", e -> e.put("type", "rating"), "[0].value"),
        invalid("rating with null value", e -> e.put("type", "rating").putNull("value"), "[0].value"),
        invalid("rating above 10", e -> e.put("type", "rating").put("value", 10.5), "[0].value"),
        invalid("rating below 0", e -> e.put("type", "rating").put("value", -1), "[0].value"),
        invalid("rating as a string", e -> e.put("type", "rating").put("value", "5"), "[0].value"),
        invalid("context with a nested object",
            e -> e.set("context", MAPPER.createObjectNode().put("page", "home")
                .set("device", MAPPER.createObjectNode().put("os", "linux"))), "[0].context.device"),
        invalid("context with an array value",
            e -> e.set("context", MAPPER.createObjectNode().set("tags", MAPPER.createArrayNode().add("a"))),
            "[0].context.tags"),
        invalid("context with a null value",
            e -> e.set("context", MAPPER.createObjectNode().putNull("page")), "[0].context.page"),
        invalid("context an array", e -> e.set("context", MAPPER.createArrayNode().add("a")), "[0].context"),
        invalid("context a string", e -> e.put("context", "page=home"), "[0].context"),
        invalid("context with a bad key",
            e -> e.set("context", MAPPER.createObjectNode().put("bad key", "x")), "[0].context"),
        invalid("context with 17 entries", e -> {
          ObjectNode context = MAPPER.createObjectNode();
          for (int i = 0; i < 17; i++) {
            context.put("k" + i, "v");
          }
          e.set("context", context);
        }, "[0].context"),
        invalid("context value of 257 chars",
            e -> e.set("context", MAPPER.createObjectNode().put("page", "p".repeat(257))), "[0].context.page"),
        invalid("several bad fields at once", e -> {
          e.remove("eventId");
          e.put("type", "Bad Type");
          e.put("timestamp", "1990-01-01T00:00:00Z");
        }, "[0].eventId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void anInvalidEventIs400NamingTheFieldAndStoresNothing(String name, Consumer<ObjectNode> change,
      String[] fields) {
    String user = freshUser();
    ObjectNode event = eventNode(user, 1);
    change.accept(event);
    JsonNode problem = assertProblem(http.postJson("/v1/events", "[" + event + "]"), 400);
    assertEquals("/problems/invalid-events", problem.get("type").asText(), problem.toString());
    if (name.startsWith("several")) {
      // fields that cannot be read are reported first; the domain rules run only on a readable event
      assertTrue(paramNames(problem).contains(fields[0]), problem.toString());
    } else {
      assertInvalidParams(problem, fields);
    }
    assertNothingStored(user);
    JsonNode userId = event.get("userId");
    if (userId != null && userId.isTextual() && !userId.asText().equals(user)) {
      assertNothingStored(userId.asText());
    }
  }

  @Test
  void aSingleObjectBodyIsCheckedLikeABatchOfOne() {
    String user = freshUser();
    ObjectNode event = eventNode(user, 1);
    event.put("timestamp", "1989-01-01T00:00:00Z");
    JsonNode problem = assertProblem(http.postJson("/v1/events", event.toString()), 400);
    assertInvalidParams(problem, "[0].timestamp");
    assertNothingStored(user);
  }

  @Test
  void oneInvalidEventAmongValidOnesFailsTheWholeBatchAndNoneIsStored() {
    String user = freshUser();
    String other = freshUser();
    ObjectNode bad = eventNode(user, 3);
    bad.put("timestamp", "1989-12-31T23:59:59Z");
    List<String> valid = List.of(event(user, 1), event(other, 2), event(user, 4), event(other, 5));
    String body = "[" + valid.get(0) + "," + valid.get(1) + "," + bad + "," + valid.get(2) + "," + valid.get(3) + "]";

    JsonNode problem = assertProblem(http.postJson("/v1/events", body), 400);
    assertInvalidParams(problem, "[2].timestamp");
    assertTrue(problem.get("detail").asText().contains("nothing was recorded"), problem.toString());
    assertNothingStored(user);
    assertNothingStored(other);

    // the valid events were not remembered anywhere either: sent alone they are new, not duplicates
    HttpJson.Reply resent = http.postJson("/v1/events", "[" + String.join(",", valid) + "]");
    assertEquals(200, resent.status(), resent.raw().body());
    assertEquals(4, resent.json().get("accepted").asInt(), resent.raw().body());
    assertEquals(0, resent.json().get("duplicates").asInt(), resent.raw().body());
    assertEquals(2, journalRows(user));
    assertEquals(2, journalRows(other));
  }

  @Test
  void everyBadFieldOfABatchIsNamed() {
    String user = freshUser();
    ObjectNode first = eventNode(user, 1);
    first.put("type", "Not-A-Type");
    ObjectNode fourth = eventNode(user, 4);
    fourth.put("value", "ten");
    fourth.remove("itemId");
    String body = "[" + first + "," + event(user, 2) + "," + event(user, 3) + "," + fourth + "]";
    JsonNode problem = assertProblem(http.postJson("/v1/events", body), 400);
    assertInvalidParams(problem, "[0].type", "[3].itemId", "[3].value");
    assertNothingStored(user);
  }

  // ---------------------------------------------------------------- content type and size

  @Test
  void textPlainIs415AndStoresNothing() {
    String user = freshUser();
    JsonNode problem = assertProblem(http.post("/v1/events", "text/plain", array(event(user, 1))), 415);
    assertEquals("/problems/unsupported-media-type", problem.get("type").asText());
    assertNothingStored(user);
  }

  @Test
  void noContentTypeIs415() {
    String user = freshUser();
    HttpJson.Reply reply = send("POST", "/v1/events", null,
        HttpRequest.BodyPublishers.ofString(array(event(user, 1))));
    assertProblem(reply, 415);
    assertNothingStored(user);
  }

  @Test
  void ndjsonIsNotTakenForItems() {
    String item = "it-" + UUID.randomUUID();
    assertProblem(http.post("/v1/items", NDJSON, "{\"itemId\":\"" + item + "\",\"category\":\"c\"}\n"), 415);
    assertProblem(http.get("/v1/items/" + item), 404);
  }

  @Test
  void aBodyOverFourMebibytesIs413AndStoresNothing() throws IOException {
    String user = freshUser();
    byte[] body = oversizeBatch(user).getBytes(StandardCharsets.UTF_8);
    // The node answers from Content-Length alone, before reading the body, then closes the connection
    // (RFC 9110 allows it). A client still writing the rest of the body may get a reset instead of
    // the answer (the JDK client did, once in CI), so the head and the body's first 64 KiB are sent
    // and the answer is read: the 413 must come without the rest.
    RawReply reply = rawPost("/v1/events", body, 64 * 1024);
    assertEquals(413, reply.status(), reply.body());
    assertTrue(reply.head().toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
        reply.head());
    JsonNode problem = MAPPER.readTree(reply.body());
    assertEquals("/problems/payload-too-large", problem.get("type").asText());
    assertTrue(problem.get("detail").asText().contains("split it"), reply.body());
    assertNothingStored(user);
  }

  /** An answer read off a raw socket: the status line and headers as sent, and the body. */
  private record RawReply(int status, String head, String body) {}

  /** POSTs JSON with the whole body's Content-Length but only its first {@code sent} bytes, and reads the answer. */
  private static RawReply rawPost(String path, byte[] body, int sent) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
      socket.setSoTimeout(30_000);
      String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Authorization: Bearer " + HttpJson.producerKey() + "\r\nContent-Length: " + body.length + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, sent);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      int headEnd = -1;
      int contentLength = -1;
      byte[] buffer = new byte[8192];
      while (true) {
        if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + contentLength) {
          break;
        }
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        received.write(buffer, 0, n);
        String soFar = received.toString(StandardCharsets.UTF_8);
        if (headEnd < 0 && soFar.contains("\r\n\r\n")) {
          headEnd = soFar.indexOf("\r\n\r\n") + 4;
          Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(soFar.substring(0, headEnd));
          contentLength = length.find() ? Integer.parseInt(length.group(1)) : -1;
        }
      }
      String text = received.toString(StandardCharsets.UTF_8);
      assertTrue(headEnd > 0, "no complete answer head: " + text);
      int status = Integer.parseInt(text.substring(0, text.indexOf("\r\n")).split(" ")[1]);
      return new RawReply(status, text.substring(0, headEnd), text.substring(headEnd));
    }
  }

  @Test
  void aChunkedBodyOverFourMebibytesIs413AndStoresNothing() {
    String user = freshUser();
    byte[] body = oversizeBatch(user).getBytes(StandardCharsets.UTF_8);
    // no Content-Length: the limit has to be enforced while reading
    HttpJson.Reply reply = send("POST", "/v1/events", JSON,
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    JsonNode problem = assertProblem(reply, 413);
    assertEquals("/problems/payload-too-large", problem.get("type").asText());
    assertNothingStored(user);
  }

  @Test
  void moreThan1000EventsIs413AndStoresNothing() {
    String user = freshUser();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      events.add(event(user, i));
    }
    JsonNode problem = assertProblem(http.postJson("/v1/events", "[" + String.join(",", events) + "]"), 413);
    assertEquals("/problems/too-many-events", problem.get("type").asText());
    assertTrue(problem.get("detail").asText().contains("1001"), problem.toString());
    assertNothingStored(user);

    // the same over NDJSON
    JsonNode ndjson = assertProblem(http.post("/v1/events", NDJSON, String.join("\n", events)), 413);
    assertEquals("/problems/too-many-events", ndjson.get("type").asText());
    assertNothingStored(user);

    // just under 4 MiB of empty objects: counted, not parsed into 1.4 million trees
    int many = (4 << 20) / 3 - 10;
    JsonNode flood = assertProblem(http.postJson("/v1/events", "[" + "{},".repeat(many - 1) + "{}]"), 413);
    assertTrue(flood.get("detail").asText().contains(String.valueOf(many)), flood.toString());
  }

  @Test
  void exactly1000EventsAreNotTooManyButStillChecked() {
    String user = freshUser();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 999; i++) {
      events.add(event(user, i));
    }
    ObjectNode bad = eventNode(user, 999);
    bad.put("type", "BAD");
    events.add(bad.toString());
    JsonNode problem = assertProblem(http.postJson("/v1/events", "[" + String.join(",", events) + "]"), 400);
    assertInvalidParams(problem, "[999].type");
    assertNothingStored(user);
  }

  // ---------------------------------------------------------------- routes

  @Test
  void anInvalidUserIdInTheProfilePathIs400() {
    for (String id : List.of("bad\nid", "user\u0007", "a".repeat(129), "   ", "a\u2028b")) {
      String path = "/v1/users/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
      JsonNode problem = assertProblem(http.get(path), 400);
      assertEquals("/problems/invalid-id", problem.get("type").asText(), id);
    }
  }

  @Test
  void anUnknownUserIs404() {
    JsonNode problem = assertProblem(http.get("/v1/users/" + freshUser()), 404);
    assertEquals("/problems/not-found", problem.get("type").asText());
  }

  @Test
  void anUnknownRouteIs404Problem() {
    for (String path : List.of("/", "/nope", "/v1", "/v1/nope", "/v2/events", "/v1/users", "/v1/users/a/b",
        "/health", "/health/nope")) {
      JsonNode problem = assertProblem(http.get(path), 404);
      assertEquals("/problems/not-found", problem.get("type").asText(), path);
    }
    assertProblem(http.postJson("/v1/nope", "[]"), 404);
  }

  @Test
  void aWrongMethodIs405Problem() {
    record Call(String method, String path) {}
    for (Call call : List.of(new Call("GET", "/v1/events"), new Call("PUT", "/v1/events"),
        new Call("DELETE", "/v1/events"), new Call("PUT", "/v1/users/" + freshUser()),
        new Call("POST", "/v1/users/" + freshUser()), new Call("PUT", "/v1/items"),
        new Call("PUT", "/v1/items/it-1"), new Call("POST", "/health/ready"))) {
      HttpJson.Reply reply = send(call.method(), call.path(), JSON, HttpRequest.BodyPublishers.ofString("[]"));
      JsonNode problem = assertProblem(reply, 405);
      assertEquals("/problems/method-not-allowed", problem.get("type").asText(), call.toString());
      assertNotNull(reply.header("Allow"), call + ": a 405 names the allowed methods");
    }
  }

  // ---------------------------------------------------------------- items

  @Test
  void anItemWithoutCategoryIs400AndNothingIsWritten() {
    String item = "it-" + UUID.randomUUID();
    JsonNode problem = assertProblem(http.postJson("/v1/items", "[{\"itemId\":\"" + item + "\"}]"), 400);
    assertEquals("/problems/invalid-items", problem.get("type").asText());
    assertInvalidParams(problem, "[0].category");
    assertProblem(http.get("/v1/items/" + item), 404);
  }

  @Test
  void oneInvalidItemAmongValidOnesWritesNone() {
    String good = "it-" + UUID.randomUUID();
    String bad = "it-" + UUID.randomUUID();
    String body = "[{\"itemId\":\"" + good + "\",\"category\":\"shoes\"},"
        + "{\"itemId\":\"" + bad + "\",\"category\":\"bad category!\",\"tags\":[1]}]";
    JsonNode problem = assertProblem(http.postJson("/v1/items", body), 400);
    assertInvalidParams(problem, "[1].tags");
    assertProblem(http.get("/v1/items/" + good), 404);

    body = "[{\"itemId\":\"" + good + "\",\"category\":\"shoes\"},{\"itemId\":\"" + bad + "\",\"category\":\"a\\u0007b\"}]";
    problem = assertProblem(http.postJson("/v1/items", body), 400);
    assertInvalidParams(problem, "[1].category");
    assertProblem(http.get("/v1/items/" + good), 404);
  }

  @Test
  void malformedItemBodiesAre400() {
    assertProblem(http.postJson("/v1/items", "[{\"itemId\":"), 400);
    assertProblem(http.postJson("/v1/items", "42"), 400);
    assertProblem(http.postJson("/v1/items", ""), 400);
    JsonNode problem = assertProblem(http.postJson("/v1/items",
        "[{\"itemId\":\"x\",\"category\":\"c\",\"available\":\"yes\",\"created\":\"soon\"}]"), 400);
    assertInvalidParams(problem, "[0].available", "[0].created");
    // year 9999 once overflowed Cassandra's timestamp half-way through a write (a 503 retried forever)
    problem = assertProblem(http.postJson("/v1/items",
        "[{\"itemId\":\"x\",\"category\":\"c\",\"created\":\"9999-12-31T00:00:00Z\"}]"), 400);
    assertInvalidParams(problem, "[0].created");
    assertProblem(http.get("/v1/items/x"), 404);

    String zeros = "[" + String.join(",", java.util.Collections.nCopies(16, "0")) + "]";
    String nan = zeros.replaceFirst("0", "1e39"); // beyond a float
    problem = assertProblem(http.postJson("/v1/items", "[{\"itemId\":\"x\",\"category\":\"c\",\"embedding\":"
        + zeros + "},{\"itemId\":\"y\",\"category\":\"c\",\"embedding\":" + nan + "}]"), 400);
    assertInvalidParams(problem, "[0].embedding", "[1].embedding");
    assertProblem(http.get("/v1/items/x"), 404);
  }

  @Test
  void anUnknownItemIs404AndABadItemIdIs400() {
    JsonNode problem = assertProblem(http.get("/v1/items/it-" + UUID.randomUUID()), 404);
    assertEquals("/problems/not-found", problem.get("type").asText());
    assertProblem(http.get("/v1/items/bad%0Aid"), 400);
    assertProblem(http.get("/v1/items/" + "i".repeat(129)), 400);
  }

  // ---------------------------------------------------------------- helpers

  private static String freshUser() {
    return "bad-input-" + UUID.randomUUID();
  }

  private static ObjectNode eventNode(String user, int n) {
    return MAPPER.createObjectNode()
        .put("eventId", user + "-e" + n)
        .put("userId", user)
        .put("type", "view")
        .put("itemId", "it-" + (n % 7))
        .put("timestamp", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
            .plusSeconds(n).toString());
  }

  private static String event(String user, int n) {
    return eventNode(user, n).toString();
  }

  private static String array(String... events) {
    return "[" + String.join(",", events) + "]";
  }

  /** A well-formed batch of valid events, just over 4 MiB thanks to long context values. */
  private static String oversizeBatch(String user) {
    StringBuilder body = new StringBuilder("[");
    int n = 0;
    while (body.length() <= 4 * 1024 * 1024) {
      ObjectNode event = eventNode(user, n);
      ObjectNode context = MAPPER.createObjectNode();
      for (int i = 0; i < 16; i++) {
        context.put("k" + i, "v".repeat(250));
      }
      event.set("context", context);
      body.append(n == 0 ? "" : ",").append(event);
      n++;
    }
    return body.append(']').toString();
  }

  private static HttpJson.Reply send(String method, String path, String contentType,
      HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + HttpJson.producerKey())
        .timeout(Duration.ofSeconds(30))
        .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response = raw.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpJson.Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A 4xx problem+json answer with type, title, status and detail, and no stack trace. */
  private static JsonNode assertProblem(HttpJson.Reply reply, int status) {
    String body = reply.raw().body();
    String request = reply.raw().request().method() + " " + reply.raw().request().uri().getPath();
    assertTrue(reply.status() < 500, request + " answered " + reply.status() + ": " + body);
    assertEquals(status, reply.status(), request + ": " + body);
    String contentType = reply.contentType();
    assertNotNull(contentType, request + ": no Content-Type");
    assertTrue(contentType.startsWith("application/problem+json"), request + ": Content-Type " + contentType);
    JsonNode problem = reply.json();
    assertTrue(problem.isObject(), body);
    for (String field : List.of("type", "title", "detail")) {
      assertTrue(problem.hasNonNull(field) && problem.get(field).isTextual() && !problem.get(field).asText().isBlank(),
          request + ": problem without " + field + ": " + body);
    }
    assertTrue(problem.get("status").isInt(), body);
    assertEquals(status, problem.get("status").asInt(), body);
    assertFalse(body.contains(".java:") || body.contains("\tat ") || body.contains("Exception"),
        request + ": the problem leaks internals: " + body);
    return problem;
  }

  private static Set<String> paramNames(JsonNode problem) {
    JsonNode params = problem.get("invalid-params");
    assertNotNull(params, "no invalid-params in " + problem);
    assertTrue(params.isArray() && !params.isEmpty(), problem.toString());
    Set<String> names = new HashSet<>();
    for (JsonNode param : params) {
      assertTrue(param.hasNonNull("name") && param.hasNonNull("reason"), problem.toString());
      assertFalse(param.get("reason").asText().isBlank(), problem.toString());
      names.add(param.get("name").asText());
    }
    return names;
  }

  /** invalid-params names exactly {@code fields}. */
  private static void assertInvalidParams(JsonNode problem, String... fields) {
    assertEquals(new HashSet<>(Arrays.asList(fields)), paramNames(problem), problem.toString());
  }

  /** The user is unknown over HTTP and has no journal row in Cassandra. */
  private static void assertNothingStored(String userId) {
    if (URL_SAFE_ID.matcher(userId).matches()) {
      HttpJson.Reply profile = http.get("/v1/users/" + userId);
      if (profile.status() != 404) {
        fail("user " + userId + " should be unknown, got " + profile.status() + ": " + profile.raw().body());
      }
    }
    assertEquals(0, journalRows(userId), "journal rows of " + userId);
  }

  private static long journalRows(String userId) {
    return session.execute("SELECT count(*) FROM " + keyspace + ".messages WHERE persistence_id = ? AND partition_nr = 0",
        UserEntity.persistenceId(userId).id()).one().getLong(0);
  }
}
