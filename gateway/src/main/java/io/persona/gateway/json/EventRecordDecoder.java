package io.persona.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.models.events.UserEvent;
import io.persona.models.events.UserEventRules;
import io.persona.models.validation.FieldError;
import io.persona.streams.kafka.RecordDecoder;

import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Kafka record's value as one user event: the same JSON object and the same checks as an
 * element of POST /v1/events, so an event is valid through Kafka exactly when it is over HTTP.
 */
public final class EventRecordDecoder implements RecordDecoder {
  private final UserEventRules rules;
  private final Clock clock;

  public EventRecordDecoder(UserEventRules rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public Decoded decode(byte[] value) {
    if (value == null || value.length == 0) {
      return new Invalid("the record has no value; it must be one JSON event object as in POST /v1/events");
    }
    List<JsonNode> objects;
    try {
      objects = JsonBodies.objects(value, false, "events", 1);
    } catch (TooManyObjectsException e) {
      return new Invalid("a record must hold one event; this one holds " + e.count());
    } catch (MalformedBodyException e) {
      return new Invalid(e.getMessage());
    }
    Parsed<UserEvent> parsed = EventJson.read(objects, rules, clock.instant());
    if (!parsed.ok()) {
      return new Invalid(parsed.errors().stream().map(EventRecordDecoder::describe).collect(Collectors.joining("; ")));
    }
    return new Valid(parsed.values().get(0));
  }

  /** "[0].userId" is the record's own userId: the index says nothing here. */
  private static String describe(FieldError error) {
    String field = error.field().startsWith("[0].") ? error.field().substring(4) : error.field();
    return field + ": " + error.reason();
  }
}
