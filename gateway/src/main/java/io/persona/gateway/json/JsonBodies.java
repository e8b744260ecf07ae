package io.persona.gateway.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into its JSON objects: a JSON array, one object, or NDJSON lines. At most
 * {@code max} objects become trees; past that the rest is only counted, token by token, so a body
 * of a million tiny objects costs no more memory than one of {@code max} objects.
 */
public final class JsonBodies {
  /** Reads one element of a stream; what follows it is the caller's to check. */
  private static final ObjectReader ELEMENT = Json.MAPPER.reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonBodies() {}

  /**
   * @param what the objects' name, plural, for messages
   * @throws TooManyObjectsException when the body holds more than {@code max} objects
   */
  public static List<JsonNode> objects(byte[] body, boolean ndjson, String what, int max)
      throws MalformedBodyException {
    return ndjson ? ndjsonObjects(body, what, max) : jsonObjects(body, what, max);
  }

  private static List<JsonNode> jsonObjects(byte[] body, String what, int max) throws MalformedBodyException {
    try (JsonParser parser = Json.MAPPER.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedBodyException("the body is empty; send a JSON array of " + what);
      }
      List<JsonNode> objects = new ArrayList<>();
      if (first == JsonToken.START_OBJECT) {
        objects.add(ELEMENT.readTree(parser));
      } else if (first != JsonToken.START_ARRAY) {
        throw new MalformedBodyException("the body must be a JSON array of " + what + " objects");
      } else {
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          if (token == null) {
            throw new MalformedBodyException("malformed JSON: the array is not closed");
          }
          if (token != JsonToken.START_OBJECT) {
            throw new MalformedBodyException("element [" + count + "] is not a JSON object");
          }
          if (count < max) {
            objects.add(ELEMENT.readTree(parser));
          } else {
            parser.skipChildren();
          }
          count++;
        }
        if (count == 0) {
          throw new MalformedBodyException("the array holds no " + what);
        }
        if (count > max) {
          throw new TooManyObjectsException(what, count, max);
        }
      }
      if (parser.nextToken() != null) {
        throw new MalformedBodyException("malformed JSON at line " + parser.currentLocation().getLineNr()
            + ", column " + parser.currentLocation().getColumnNr() + ": content after the end of the body's value");
      }
      return objects;
    } catch (JsonProcessingException e) {
      // the parser's own limits (nesting depth, number length) report no location
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new MalformedBodyException("malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedBodyException("unreadable body: " + e.getMessage());
    }
  }

  private static List<JsonNode> ndjsonObjects(byte[] body, String what, int max) throws MalformedBodyException {
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
    List<JsonNode> objects = new ArrayList<>();
    int count = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      count++;
      if (count > max) {
        continue; // counted only
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
    if (count == 0) {
      throw new MalformedBodyException("the body holds no " + what);
    }
    if (count > max) {
      throw new TooManyObjectsException(what, count, max);
    }
    return objects;
  }
}
