package io.persona.gateway.json;

import io.persona.models.validation.FieldError;

import java.util.List;

/** A parsed list of values, or every field error found while parsing and checking them. */
public record Parsed<T>(List<T> values, List<FieldError> errors) {

  public boolean ok() {
    return errors.isEmpty();
  }
}
