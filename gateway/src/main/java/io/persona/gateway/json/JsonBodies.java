package io.persona.gateway.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a request body into its JSON objects: a JSON array, one object, or NDJSON lines. */
public final class JsonBodies {
  private JsonBodies() {}

  public static List<JsonNode> objects(byte[] body, boolean ndjson, String what) throws MalformedBodyException {
    return ndjson ? ndjsonObjects(body, what) : jsonObjects(body, what);
  }

  private static List<JsonNode> jsonObjects(byte[] body, String what) throws MalformedBodyException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // the parser's own limits (nesting depth, number length) report no location
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new MalformedBodyException("malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedBodyException("unreadable body: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedBodyException("the body is empty; send a JSON array of " + what);
    }
    if (root.isObject()) {
      return List.of(root);
    }
    if (!root.isArray()) {
      throw new MalformedBodyException("the body must be a JSON array of " + what + " objects");
    }
    if (root.isEmpty()) {
      throw new MalformedBodyException("the array holds no " + what);
    }
    List<JsonNode> objects = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      if (!element.isObject()) {
        throw new MalformedBodyException("element [" + i + "] is not a JSON object");
      }
      objects.add(element);
    }
    return objects;
  }

  private static List<JsonNode> ndjsonObjects(byte[] body, String what) throws MalformedBodyException {
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
    List<JsonNode> objects = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw new MalformedBodyException("malformed JSON on NDJSON line " + (i + 1) + ": " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new MalformedBodyException("NDJSON line " + (i + 1) + " is not a JSON object");
      }
      objects.add(node);
    }
    if (objects.isEmpty()) {
      throw new MalformedBodyException("the body holds no " + what);
    }
    return objects;
  }
}
