package io.persona.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.models.validation.FieldError;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads typed fields out of one JSON object and collects what is wrong, field by field, instead
 * of stopping at the first problem: a producer should see every mistake of a batch at once.
 */
final class JsonFields {
  private final JsonNode object;
  private final List<FieldError> errors = new ArrayList<>();

  JsonFields(JsonNode object) {
    this.object = object;
  }

  List<FieldError> errors() {
    return errors;
  }

  String requiredText(String field) {
    return text(field, true);
  }

  String optionalText(String field) {
    return text(field, false);
  }

  private String text(String field, boolean required) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (!node.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    return node.textValue();
  }

  Double optionalNumber(String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      errors.add(new FieldError(field, "must be a number"));
      return null;
    }
    return node.doubleValue();
  }

  boolean optionalBoolean(String field, boolean fallback) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false"));
      return fallback;
    }
    return node.booleanValue();
  }

  /** An ISO-8601 instant ("2026-11-21T10:00:00Z") or epoch milliseconds. */
  Instant instant(String field, boolean required) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    try {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return Instant.ofEpochMilli(node.longValue());
      }
      if (node.isTextual()) {
        return Instant.parse(node.textValue());
      }
    } catch (DateTimeException e) {
      // reported below
    }
    errors.add(new FieldError(field, "must be an ISO-8601 instant (2026-11-21T10:00:00Z) or epoch milliseconds"));
    return null;
  }

  List<String> textList(String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      errors.add(new FieldError(field, "must be an array of strings"));
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        errors.add(new FieldError(field, "must be an array of strings"));
        return List.of();
      }
      values.add(element.textValue());
    }
    return values;
  }

  /** An object of scalar values; numbers and booleans are kept as their text. */
  Map<String, String> textMap(String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      errors.add(new FieldError(field, "must be an object of strings"));
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      JsonNode value = entry.getValue();
      if (!value.isValueNode() || value.isNull()) {
        errors.add(new FieldError(field + "." + entry.getKey(), "must be a string, number or boolean"));
        continue;
      }
      values.put(entry.getKey(), value.asText());
    }
    return values;
  }
}
