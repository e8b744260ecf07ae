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
    List<JsonNode> objects = new ArrayList<>();
    int count = 0;
    int lineNumber = 0;
    for (int start = 0; start <= body.length; ) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      lineNumber++;
      if (!blank(body, start, end)) {
        count++;
        if (count <= max) { // past the limit a line is only counted: no String, no tree
          objects.add(ndjsonLine(body, start, end, lineNumber));
        }
      }
      start = end + 1;
    }
    if (count == 0) {
      throw new MalformedBodyException("the body holds no " + what);
    }
    if (count > max) {
      throw new TooManyObjectsException(what, count, max);
    }
    return objects;
  }

  private static JsonNode ndjsonLine(byte[] body, int start, int end, int lineNumber) throws MalformedBodyException {
    JsonNode node;
    try {
      // strict UTF-8 like the array path: an invalid byte is a 400, not a replacement character
      node = Json.MAPPER.readTree(body, start, end - start);
      if (node == null || node.isMissingNode()) {
        throw new MalformedBodyException("NDJSON line " + lineNumber + " is not a JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new MalformedBodyException("malformed JSON on NDJSON line " + lineNumber + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedBodyException("unreadable NDJSON line " + lineNumber + ": " + e.getMessage());
    }
    if (!node.isObject()) {
      throw new MalformedBodyException("NDJSON line " + lineNumber + " is not a JSON object");
    }
    return node;
  }

  private static boolean blank(byte[] body, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = body[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

}
