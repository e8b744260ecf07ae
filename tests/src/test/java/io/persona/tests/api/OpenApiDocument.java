package io.persona.tests.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's OpenAPI document as the tests read it: parsed by swagger-parser (which must find
 * nothing wrong with it) and kept as JSON, whose schemas validate answers as JSON Schema 2020-12
 * (what OpenAPI 3.1 schemas are).
 */
final class OpenApiDocument {
  static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** 2020-12 with {@code format} asserted (the dialect treats it as an annotation only by default). */
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  /** One documented operation. */
  record Operation(String path, String method, JsonNode pathItem, JsonNode node) {
    String id() {
      return method.toUpperCase() + " " + path;
    }

    boolean secured() {
      return !node.has("security") || !node.get("security").isEmpty();
    }
  }

  final JsonNode json;
  final SwaggerParseResult parsed;

  private OpenApiDocument(JsonNode json, SwaggerParseResult parsed) {
    this.json = json;
    this.parsed = parsed;
  }

  static OpenApiDocument of(String text) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
    try {
      return new OpenApiDocument(MAPPER.readTree(text), parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    json.get("paths").fields().forEachRemaining(path -> METHODS.forEach(method -> {
      if (path.getValue().has(method)) {
        operations.add(new Operation(path.getKey(), method, path.getValue(), path.getValue().get(method)));
      }
    }));
    return operations;
  }

  /** The node itself, or what its {@code $ref} (within this document) points at. */
  JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current != null && current.has("$ref")) {
      String ref = current.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new AssertionError("only references within the document are expected: " + ref);
      }
      current = json.at(ref.substring(1));
      if (current.isMissingNode()) {
        throw new AssertionError("dangling reference " + ref);
      }
    }
    return current;
  }

  /** Every parameter of the operation: the path item's, then the operation's, references resolved. */
  List<JsonNode> parameters(Operation operation) {
    List<JsonNode> parameters = new ArrayList<>();
    for (JsonNode owner : List.of(operation.pathItem(), operation.node())) {
      owner.path("parameters").forEach(parameter -> parameters.add(resolve(parameter)));
    }
    return parameters;
  }

  /** The documented answer of the operation for {@code status}, if any. */
  Optional<JsonNode> response(Operation operation, int status) {
    JsonNode response = operation.node().path("responses").get(String.valueOf(status));
    return Optional.ofNullable(response).map(this::resolve);
  }

  /**
   * The problems of {@code value} against {@code schema} (a schema of this document), empty when it
   * conforms. The document's component schemas become the validated schema's {@code $defs}.
   */
  List<String> violations(JsonNode schema, JsonNode value) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("$defs", localised(json.at("/components/schemas")));
    localised(schema).fields().forEachRemaining(field -> root.set(field.getKey(), field.getValue()));
    Schema compiled = SCHEMAS.getSchema(root);
    return compiled.validate(value).stream().map(Error::toString).toList();
  }

  private static JsonNode localised(JsonNode schema) {
    try {
      String text = MAPPER.writeValueAsString(schema).replace("#/components/schemas/", "#/$defs/");
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON example of a media type object: {@code example}, or each {@code examples.*.value}. */
  static List<JsonNode> examples(JsonNode mediaType) {
    List<JsonNode> examples = new ArrayList<>();
    if (mediaType.has("example")) {
      examples.add(mediaType.get("example"));
    }
    Iterator<Map.Entry<String, JsonNode>> named = mediaType.path("examples").fields();
    named.forEachRemaining(entry -> examples.add(entry.getValue().path("value")));
    return examples;
  }
}
