package io.persona.tests.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request an operation's documentation gives as its example: path parameters and query
 * parameters from their {@code example}s, the body from the first media type of the request body
 * that has one. A required parameter or body without an example is a fault of the document.
 */
record ExampleRequest(String method, String pathAndQuery, String contentType, String body) {

  static ExampleRequest of(OpenApiDocument document, OpenApiDocument.Operation operation) {
    String path = operation.path();
    List<String> query = new ArrayList<>();
    for (JsonNode parameter : document.parameters(operation)) {
      String name = parameter.get("name").asText();
      JsonNode example = parameter.has("example") ? parameter.get("example") : parameter.path("schema").get("example");
      boolean required = parameter.path("required").asBoolean(false);
      if (example == null) {
        if (required) {
          throw new AssertionError(operation.id() + ": the required parameter " + name + " has no example");
        }
        continue;
      }
      String value = encode(example.asText());
      switch (parameter.get("in").asText()) {
        case "path" -> path = path.replace("{" + name + "}", value);
        case "query" -> query.add(encode(name) + "=" + value);
        default -> throw new AssertionError(operation.id() + ": unexpected parameter place " + parameter.get("in"));
      }
    }
    if (path.contains("{")) {
      throw new AssertionError(operation.id() + ": a path parameter is not declared: " + path);
    }
    String pathAndQuery = query.isEmpty() ? path : path + "?" + String.join("&", query);

    JsonNode body = operation.node().path("requestBody");
    if (body.isMissingNode()) {
      return new ExampleRequest(operation.method().toUpperCase(), pathAndQuery, null, null);
    }
    for (Map.Entry<String, JsonNode> media : iterable(document.resolve(body).path("content"))) {
      List<JsonNode> examples = OpenApiDocument.examples(media.getValue());
      if (!examples.isEmpty()) {
        JsonNode example = examples.get(0);
        String text = example.isTextual() ? example.asText() : example.toString();
        return new ExampleRequest(operation.method().toUpperCase(), pathAndQuery, media.getKey(), text);
      }
    }
    throw new AssertionError(operation.id() + ": the request body has no example");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
