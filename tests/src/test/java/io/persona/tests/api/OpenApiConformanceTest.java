package io.persona.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.gateway.node.PersonaNode;
import io.persona.simulations.node.ProjectRoot;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.LiveSocket;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document a node serves at {@code /openapi.json} against that node (issue 17, item 1):
 * the document is a valid OpenAPI 3.1 (swagger-parser), every example matches its schema, every
 * operation answers its own example request with the documented status and a body its schema
 * accepts, anonymous callers and undocumented methods get documented problems, the live socket's
 * messages match theirs, and a route or a problem type the gateway's code has but the document
 * lacks fails the test. Swagger UI is served from the node at {@code /docs}.
 */
@ExtendWith(SharedCassandra.class)
class OpenApiConformanceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The path literals of the gateway's routes: path, pathPrefix, segment and slash matchers. */
  private static final Pattern ROUTE_LITERAL = Pattern.compile(
      "(?:(?<![.\\w])(?:path|pathPrefix|pathPrefixTest|segment)|PathMatchers\\.segment|\\.slash)\\(\"([^\"]+)\"");
  /** The problem slugs the gateway's code writes. */
  private static final Pattern PROBLEM_SLUG = Pattern.compile(
      "(?:Problem\\.(?:of|invalid)|(?<![.\\w])invalid|(?<![.\\w])error)\\(\\s*(?:\\d+,\\s*)?\"([a-z-]+)\""
          + "|case \\d+ -> \"([a-z-]+)\"");

  static PersonaNode node;
  static HttpJson operator;
  static HttpJson anonymous;
  static OpenApiDocument document;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    HttpJson http = new HttpJson(node.httpPort());
    operator = http.asOperator();
    anonymous = http.anonymous();
    HttpJson.Reply served = anonymous.get("/openapi.json");
    assertEquals(200, served.status(), served.raw().body());
    assertTrue(served.contentType().startsWith("application/json"), served.contentType());
    document = OpenApiDocument.of(served.raw().body());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theDocumentIsAValidOpenApi31Description() {
    assertEquals(List.of(), document.parsed.getMessages(), "swagger-parser's findings");
    assertTrue(document.parsed.getOpenAPI().getOpenapi().startsWith("3.1."), document.parsed.getOpenAPI().getOpenapi());
    assertEquals(document.operations().size(), document.parsed.getOpenAPI().getPaths().values().stream()
        .mapToInt(path -> path.readOperations().size()).sum(), "swagger-parser reads every operation");

    List<String> faults = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (OpenApiDocument.Operation operation : document.operations()) {
      JsonNode node = operation.node();
      if (!ids.add(node.path("operationId").asText())) {
        faults.add(operation.id() + ": operationId missing or used twice");
      }
      if (node.path("summary").asText().isBlank() || node.path("tags").isEmpty()) {
        faults.add(operation.id() + ": no summary or tags");
      }
      List<String> statuses = new ArrayList<>();
      node.path("responses").fieldNames().forEachRemaining(statuses::add);
      if (statuses.stream().noneMatch(status -> status.startsWith("2") || status.startsWith("3")
          || status.equals("101"))) {
        faults.add(operation.id() + ": no success answer documented");
      }
      if (operation.secured() && !(statuses.contains("401") && statuses.contains("403"))) {
        faults.add(operation.id() + ": needs a credential, but 401 or 403 is not documented");
      }
    }
    assertEquals(List.of(), faults);
  }

  @Test
  void everyExampleMatchesItsSchema() {
    List<String> faults = new ArrayList<>();
    for (OpenApiDocument.Operation operation : document.operations()) {
      JsonNode body = document.resolve(operation.node().path("requestBody"));
      if (body != null && !body.isMissingNode()) {
        checkExamples(operation.id() + " request " , body.path("content"), faults);
      }
      operation.node().path("responses").fields().forEachRemaining(response ->
          checkExamples(operation.id() + " " + response.getKey(), document.resolve(response.getValue()).path("content"),
              faults));
      for (JsonNode parameter : document.parameters(operation)) {
        if (parameter.has("example")) {
          // a parameter travels as text: check the value its text stands for in the schema's type
          String text = parameter.get("example").asText();
          JsonNode schema = parameter.path("schema");
          JsonNode value = switch (schema.path("type").asText()) {
            case "integer" -> MAPPER.getNodeFactory().numberNode(Long.parseLong(text));
            case "boolean" -> MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(text));
            default -> MAPPER.getNodeFactory().textNode(text);
          };
          document.violations(schema, value).forEach(v -> faults.add(operation.id() + " parameter "
              + parameter.get("name").asText() + ": " + v));
        }
      }
    }
    assertEquals(List.of(), faults);
  }

  private void checkExamples(String where, JsonNode content, List<String> faults) {
    content.fields().forEachRemaining(media -> {
      if (!isJson(media.getKey())) {
        return;
      }
      for (JsonNode example : OpenApiDocument.examples(media.getValue())) {
        document.violations(media.getValue().path("schema"), example)
            .forEach(v -> faults.add(where + " " + media.getKey() + " example: " + v));
      }
    });
  }

  @Test
  void everyOperationAnswersItsExampleRequestAsDocumented() {
    List<String> faults = new ArrayList<>();
    List<OpenApiDocument.Operation> walk = new ArrayList<>(document.operations());
    walk.sort(Comparator.comparingInt(OpenApiConformanceTest::walkOrder));
    for (OpenApiDocument.Operation operation : walk) {
      if (operation.node().has("x-persona-websocket")) {
        continue; // liveMessagesMatchTheirSchema
      }
      ExampleRequest request = ExampleRequest.of(document, operation);
      HttpJson.Reply reply = operator.request(request.method(), request.pathAndQuery(), request.contentType(),
          request.body());
      int expected = operation.node().path("x-persona-example-status").asInt(successStatus(operation));
      if (reply.status() != expected) {
        faults.add(operation.id() + " (" + request.pathAndQuery() + "): answered " + reply.status() + ", the "
            + "document expects " + expected + ": " + abbreviated(reply.raw().body()));
        continue;
      }
      faults.addAll(conformance(operation, reply));
      faults.addAll(exampleShownByTheAnswer(operation, reply));
    }
    assertEquals(List.of(), faults);
  }

  /**
   * Every field the documented example of this answer shows is in the real answer, with the same JSON
   * type (arrays compared by their first elements, where both have one), but for the fields a
   * walk's node cannot produce, which the media type names in {@code x-persona-walk-lacks} (e.g. a
   * champion model: the walk's node has trained none).
   */
  private List<String> exampleShownByTheAnswer(OpenApiDocument.Operation operation, HttpJson.Reply reply) {
    JsonNode response = document.response(operation, reply.status()).orElse(null);
    String mediaType = reply.contentType().replaceFirst(";.*", "").trim();
    JsonNode media = response == null ? null : response.path("content").get(mediaType);
    if (media == null || !isJson(mediaType)) {
      return List.of();
    }
    Set<String> lacks = new HashSet<>();
    media.path("x-persona-walk-lacks").forEach(path -> lacks.add(path.asText()));
    List<String> faults = new ArrayList<>();
    JsonNode actual = json(reply);
    for (JsonNode example : OpenApiDocument.examples(media)) {
      compareShape(example, actual, "", lacks, faults);
    }
    return faults.stream().map(fault -> operation.id() + " " + reply.status() + ": the example shows " + fault
        + "; the answer: " + abbreviated(reply.raw().body())).toList();
  }

  private static void compareShape(JsonNode example, JsonNode actual, String path, Set<String> lacks,
                                   List<String> faults) {
    if (lacks.contains(path)) {
      return;
    }
    if (example.isObject()) {
      if (!actual.isObject()) {
        faults.add(where(path) + " as an object");
        return;
      }
      example.fields().forEachRemaining(field -> {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (!actual.has(field.getKey())) {
          if (!lacks.contains(child)) {
            faults.add(child + ", which it lacks");
          }
        } else {
          compareShape(field.getValue(), actual.get(field.getKey()), child, lacks, faults);
        }
      });
    } else if (example.isArray()) {
      if (!actual.isArray()) {
        faults.add(where(path) + " as an array");
      } else if (!example.isEmpty() && !actual.isEmpty()) {
        compareShape(example.get(0), actual.get(0), path + "[]", lacks, faults);
      }
    } else if (example.isNumber() != actual.isNumber() || example.isTextual() != actual.isTextual()
        || example.isBoolean() != actual.isBoolean()) {
      faults.add(where(path) + " as " + example.getNodeType() + ", the answer has " + actual.getNodeType());
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "the body" : path;
  }

  @Test
  void theQueryParametersAnOperationAllowsAreTheDocumentedOnes() {
    List<String> faults = new ArrayList<>();
    Set<String> declared = new HashSet<>(node.system().settings().config()
        .getStringList("persona.ranking.features.context-attributes"));
    int listing = 0;
    for (OpenApiDocument.Operation operation : document.operations()) {
      if (operation.node().has("x-persona-websocket") || operation.node().path("x-persona-walk-last").asBoolean()) {
        continue;
      }
      ExampleRequest request = ExampleRequest.of(document, operation);
      String probe = request.pathAndQuery() + (request.pathAndQuery().contains("?") ? "&" : "?") + "zzz-unknown=1";
      HttpJson.Reply reply = operator.request(request.method(), probe, request.contentType(), request.body());
      if (reply.status() != 400) {
        continue; // this operation ignores parameters it does not know
      }
      for (JsonNode param : json(reply).path("invalid-params")) {
        String reason = param.path("reason").asText();
        if (!param.path("name").asText().equals("zzz-unknown") || !reason.contains("allowed: ")) {
          continue;
        }
        listing++;
        Set<String> allowed = new TreeSet<>(List.of(reason.substring(reason.indexOf("allowed: ") + 9).split(",\\s*")));
        allowed.removeAll(declared);
        Set<String> documented = new TreeSet<>();
        document.parameters(operation).stream().filter(p -> p.path("in").asText().equals("query"))
            .filter(p -> !p.path("schema").path("type").asText().equals("object")) // the declared attributes
            .forEach(p -> documented.add(p.get("name").asText()));
        documented.remove("access_token");
        if (!allowed.equals(documented)) {
          faults.add(operation.id() + ": the node allows " + allowed + ", the document lists " + documented);
        }
      }
    }
    assertTrue(listing >= 4, "recommendations, rank, similar and trending name what they allow: " + listing);
    assertEquals(List.of(), faults);
  }

  /** OpenAPI 3.1 schemas are JSON Schema: a key that is no keyword is a typo the validators ignore. */
  @Test
  void everySchemaUsesOnlyJsonSchemaKeywords() {
    List<String> faults = new ArrayList<>();
    document.json.at("/components/schemas").fields()
        .forEachRemaining(schema -> checkKeywords(schema.getValue(), "#/components/schemas/" + schema.getKey(), faults));
    List<JsonNode> found = new ArrayList<>();
    collectSchemas(document.json.get("paths"), found);
    collectSchemas(document.json.at("/components/parameters"), found);
    collectSchemas(document.json.at("/components/responses"), found);
    found.forEach(schema -> checkKeywords(schema, "a schema under paths", faults));
    assertTrue(found.size() > 50, "the scan finds the inline schemas: " + found.size());
    assertEquals(List.of(), faults);
  }

  private static final Set<String> KEYWORDS = Set.of("$ref", "type", "properties", "required", "additionalProperties",
      "unevaluatedProperties", "propertyNames", "items", "enum", "const", "description", "format", "minimum",
      "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
      "maxProperties", "allOf", "oneOf", "anyOf", "not", "default", "example", "examples", "title");

  private static void collectSchemas(JsonNode node, List<JsonNode> into) {
    if (node == null) {
      return;
    }
    node.fields().forEachRemaining(field -> {
      if ((field.getKey().equals("schema") || field.getKey().equals("client-message")
          || field.getKey().equals("server-message")) && field.getValue().isObject()) {
        into.add(field.getValue());
      } else if (field.getValue().isContainerNode()) {
        collectSchemas(field.getValue(), into);
      }
    });
    if (node.isArray()) {
      node.forEach(element -> collectSchemas(element, into));
    }
  }

  private static void checkKeywords(JsonNode schema, String where, List<String> faults) {
    if (schema.isBoolean()) {
      return;
    }
    schema.fieldNames().forEachRemaining(key -> {
      if (!KEYWORDS.contains(key) && !key.startsWith("x-")) {
        faults.add(where + ": '" + key + "' is no schema keyword");
      }
    });
    schema.path("properties").fields().forEachRemaining(p -> checkKeywords(p.getValue(), where + "." + p.getKey(), faults));
    for (String single : List.of("items", "additionalProperties", "unevaluatedProperties", "propertyNames", "not")) {
      if (schema.path(single).isObject()) {
        checkKeywords(schema.get(single), where + "/" + single, faults);
      }
    }
    for (String many : List.of("allOf", "oneOf", "anyOf")) {
      schema.path(many).forEach(sub -> checkKeywords(sub, where + "/" + many, faults));
    }
  }

  /** The catalog and the events first (what the others read), deletions last. */
  private static int walkOrder(OpenApiDocument.Operation operation) {
    String id = operation.node().path("operationId").asText();
    if (id.equals("upsertItems") || id.equals("importItems")) {
      return 0;
    }
    if (id.equals("sendEvents") || id.equals("importEvents")) {
      return 1;
    }
    return operation.node().path("x-persona-walk-last").asBoolean(false) ? 3 : 2;
  }

  private static int successStatus(OpenApiDocument.Operation operation) {
    List<Integer> statuses = new ArrayList<>();
    operation.node().path("responses").fieldNames().forEachRemaining(status -> statuses.add(Integer.parseInt(status)));
    return statuses.stream().filter(status -> status >= 200 && status < 400).min(Integer::compare)
        .orElseThrow(() -> new AssertionError(operation.id() + " documents no 2xx or 3xx answer"));
  }

  @Test
  void anonymousCallersGetTheDocumentedProblem() {
    List<String> faults = new ArrayList<>();
    for (OpenApiDocument.Operation operation : document.operations()) {
      ExampleRequest request = ExampleRequest.of(document, operation);
      HttpJson.Reply reply = anonymous.request(request.method(), request.pathAndQuery(), request.contentType(),
          request.body());
      if (!operation.secured()) {
        if (reply.status() >= 400) {
          faults.add(operation.id() + " needs no credential, but answered an anonymous caller " + reply.status());
        }
        continue;
      }
      if (reply.status() != 401 || reply.header("WWW-Authenticate") == null) {
        faults.add(operation.id() + ": an anonymous caller got " + reply.status() + " "
            + reply.header("WWW-Authenticate"));
        continue;
      }
      faults.addAll(conformance(operation, reply));
    }
    assertEquals(List.of(), faults);
  }

  @Test
  void undocumentedMethodsOnDocumentedPathsAreRefusedWithAProblem() {
    List<String> faults = new ArrayList<>();
    for (OpenApiDocument.Operation operation : document.operations()) {
      String path = ExampleRequest.of(document, operation).pathAndQuery().replaceFirst("\\?.*", "");
      for (String method : OpenApiDocument.METHODS) {
        if (operation.pathItem().has(method)) {
          continue;
        }
        HttpJson.Reply reply = operator.request(method.toUpperCase(), path, null, null);
        if (reply.status() != 405) {
          faults.add(method.toUpperCase() + " " + path + " is answered " + reply.status()
              + ", not 405, but is not documented");
          continue;
        }
        JsonNode problemSchema = MAPPER.createObjectNode().put("$ref", "#/components/schemas/Problem");
        document.violations(problemSchema, json(reply)).forEach(v -> faults.add(method + " " + path + ": " + v));
      }
    }
    assertEquals(List.of(), faults);
  }

  @Test
  void liveMessagesMatchTheirSchema() throws Exception {
    OpenApiDocument.Operation live = document.operations().stream()
        .filter(operation -> operation.node().has("x-persona-websocket")).findFirst().orElseThrow();
    JsonNode serverMessage = live.node().path("x-persona-websocket").path("server-message");
    String user = "openapi-live";
    String key = SharedCassandra.testConfig().getString("persona.admin.operator-key");
    try (LiveSocket socket = LiveSocket.openWith(node.httpPort(),
        live.path().replace("{userId}", user) + "?k=3", key)) {
      JsonNode first = socket.next(Duration.ofSeconds(20));
      assertEquals("recommendations", first.path("type").asText(), first.toString());
      assertEquals(List.of(), document.violations(serverMessage, first));

      socket.send("{\"eventId\":\"openapi-live-1\",\"userId\":\"" + user + "\",\"type\":\"view\","
          + "\"itemId\":\"sku-1\",\"timestamp\":\"2026-12-01T10:00:00Z\"}");
      JsonNode ack = socket.next("ack", Duration.ofSeconds(20));
      assertEquals(List.of(), document.violations(serverMessage, ack));

      socket.send("{\"eventId\":\"openapi-live-2\"}");
      JsonNode error = socket.next("error", Duration.ofSeconds(20));
      assertEquals(List.of(), document.violations(serverMessage, error));
      assertEquals(List.of(), document.violations(
          live.node().path("x-persona-websocket").path("client-message"),
          MAPPER.readTree("{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\","
              + "\"timestamp\":\"2026-12-01T10:00:00Z\"}")));
    }
  }

  @Test
  void everyRouteAndProblemTypeOfTheGatewayIsDocumented() throws IOException {
    Set<String> documentedSegments = new TreeSet<>();
    document.operations().forEach(operation ->
        Stream.of(operation.path().split("/")).filter(segment -> !segment.isEmpty()).forEach(documentedSegments::add));
    Set<String> documentedProblems = new TreeSet<>();
    document.json.at("/components/schemas/Problem/properties/type/enum")
        .forEach(type -> documentedProblems.add(type.asText().replace("/problems/", "")));

    Set<String> routeLiterals = new TreeSet<>();
    Set<String> problemSlugs = new TreeSet<>();
    Path sources = ProjectRoot.get().resolve("gateway/src/main/java/io/persona/gateway");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String code = Files.readString(file);
        Matcher route = ROUTE_LITERAL.matcher(code);
        while (route.find()) {
          routeLiterals.add(route.group(1));
        }
        Matcher problem = PROBLEM_SLUG.matcher(code);
        while (problem.find()) {
          for (int group = 1; group <= problem.groupCount(); group++) {
            if (problem.group(group) != null) {
              problemSlugs.add(problem.group(group));
            }
          }
        }
      }
    }
    assertTrue(routeLiterals.containsAll(Set.of("events", "recommendations", "docs", "openapi.json")),
        "the scan finds the routes: " + routeLiterals);
    assertTrue(problemSlugs.containsAll(Set.of("invalid-events", "not-found", "node-full", "method-not-allowed")),
        "the scan finds the problem types: " + problemSlugs);

    Set<String> undocumentedRoutes = new TreeSet<>(routeLiterals);
    undocumentedRoutes.removeAll(documentedSegments);
    assertEquals(Set.of(), undocumentedRoutes, "path segments routed by the gateway but in no documented path");

    Set<String> undocumentedProblems = new TreeSet<>();
    for (String slug : problemSlugs) {
      boolean documented = slug.endsWith("-")
          ? documentedProblems.stream().anyMatch(type -> type.startsWith(slug))
          : documentedProblems.contains(slug);
      if (!documented) {
        undocumentedProblems.add(slug);
      }
    }
    assertEquals(Set.of(), undocumentedProblems, "problem types the gateway writes but the document lacks");
  }

  @Test
  void swaggerUiIsServedFromTheNode() {
    HttpJson.Reply redirect = anonymous.get("/docs");
    assertEquals(308, redirect.status());
    assertEquals("/docs/", redirect.header("Location"));
    HttpJson.Reply page = anonymous.get("/docs/");
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    String html = page.raw().body();
    assertFalse(html.contains("//"), "no script from another host: " + html);
    for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css",
        "persona-docs.js")) {
      assertTrue(html.contains("\"" + asset + "\""), asset + " is not on the page");
      HttpJson.Reply served = anonymous.get("/docs/" + asset);
      assertEquals(200, served.status(), asset);
      assertTrue(served.raw().body().length() > 100, asset + " is empty");
    }
    assertTrue(anonymous.get("/docs/persona-docs.js").raw().body().contains("\"../openapi.json\""),
        "the page reads the node's own document");
    assertEquals(404, anonymous.get("/docsswagger-ui.css").status(), "only under /docs/");
    HttpJson.Reply yaml = anonymous.get("/openapi.yaml");
    assertEquals(200, yaml.status());
    assertTrue(yaml.raw().body().contains("openapi: 3.1"), "the document as written");
  }

  /** The answer is documented for its status and media type, and its body matches the schema. */
  private List<String> conformance(OpenApiDocument.Operation operation, HttpJson.Reply reply) {
    String where = operation.id() + " " + reply.status();
    JsonNode response = document.response(operation, reply.status()).orElse(null);
    if (response == null) {
      return List.of(where + ": this status is not documented");
    }
    String mediaType = reply.contentType().replaceFirst(";.*", "").trim();
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      return List.of();
    }
    JsonNode media = content.get(mediaType);
    if (media == null) {
      return List.of(where + ": answered " + mediaType + ", documented " + iterableNames(content));
    }
    if (!isJson(mediaType)) {
      return List.of();
    }
    List<String> faults = new ArrayList<>();
    document.violations(media.path("schema"), json(reply))
        .forEach(v -> faults.add(where + ": " + v + " in " + abbreviated(reply.raw().body())));
    return faults;
  }

  private static List<String> iterableNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static JsonNode json(HttpJson.Reply reply) {
    try {
      return MAPPER.readTree(reply.raw().body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + abbreviated(reply.raw().body()), e);
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 400 ? text : text.substring(0, 400) + "…";
  }
}
