package io.persona.gateway.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/** The gateway's one ObjectMapper (thread-safe once configured). */
public final class Json {
  /**
   * Bounds on what the parser accepts, whatever the body-size limit: no field of the API nests
   * deeper than a few levels or holds a string near 1 MiB, and Jackson's own defaults leave the
   * document length unlimited. Over a bound the parser stops at once (a 400).
   */
  static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(32)
      .maxStringLength(1 << 20)
      .maxNameLength(1024)
      .maxNumberLength(100)
      .maxDocumentLength(64L << 20)
      .build();

  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build())
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      // instants as ISO-8601 text, as clients send them
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // "{...}{...}" or "[...] junk" is an error, not one event with the rest silently dropped
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** A body that must be one JSON object. */
  public static JsonNode readObject(byte[] body) throws MalformedBodyException {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedBodyException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedBodyException("unreadable body: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new MalformedBodyException("the body must be one JSON object");
    }
    return node;
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
