package io.persona.gateway.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.persona.models.validation.FieldError;

import java.util.List;

/**
 * An RFC 7807 problem body. {@code invalidParams} names every bad field; it is absent for
 * problems that are not about fields.
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    @JsonProperty("invalid-params") List<InvalidParam> invalidParams) {

  public record InvalidParam(String name, String reason) {
    static InvalidParam of(FieldError error) {
      return new InvalidParam(error.field(), error.reason());
    }
  }

  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem("/problems/" + slug, title, status, detail, null);
  }

  public static Problem invalid(String slug, String title, String detail, List<FieldError> errors) {
    return new Problem("/problems/" + slug, title, 400, detail, errors.stream().map(InvalidParam::of).toList());
  }
}
