package io.persona.models.validation;

/** What is wrong with one field of an input, in words a producer can act on. */
public record FieldError(String field, String reason) {

  /** The same error, reported under a parent path such as {@code [3]} or {@code items[0]}. */
  public FieldError under(String prefix) {
    return new FieldError(prefix + "." + field, reason);
  }

  /** The error as one sentence, e.g. "userId must be 1-128 characters long". */
  public String sentence() {
    return field + " " + reason;
  }
}
