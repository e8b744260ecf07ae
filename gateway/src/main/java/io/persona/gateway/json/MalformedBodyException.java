package io.persona.gateway.json;

/** The body is not the JSON (or NDJSON) the endpoint takes; the message says where and why. */
public class MalformedBodyException extends Exception {
  public MalformedBodyException(String message) {
    super(message);
  }
}
