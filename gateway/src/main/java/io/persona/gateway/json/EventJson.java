package io.persona.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.models.events.UserEvent;
import io.persona.models.events.UserEventRules;
import io.persona.models.validation.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** JSON objects to {@link UserEvent}s, checked with the domain's rules. */
public final class EventJson {
  private EventJson() {}

  /** Parses and checks every object; an invalid field is reported as {@code [index].field}. */
  public static Parsed<UserEvent> read(List<JsonNode> objects, UserEventRules rules, Instant now) {
    List<UserEvent> events = new ArrayList<>(objects.size());
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      String at = "[" + i + "]";
      JsonFields fields = new JsonFields(objects.get(i));
      String eventId = fields.requiredText("eventId");
      String userId = fields.requiredText("userId");
      String type = fields.requiredText("type");
      String itemId = fields.requiredText("itemId");
      Instant timestamp = fields.instant("timestamp", true);
      Double value = fields.optionalNumber("value");
      String requestId = fields.optionalText("requestId");
      var context = fields.textMap("context");
      if (!fields.errors().isEmpty()) {
        fields.errors().forEach(e -> errors.add(e.under(at)));
        continue;
      }
      UserEvent event = new UserEvent(eventId, userId, type, itemId, timestamp, value, requestId, context);
      List<FieldError> broken = rules.check(event, now);
      if (broken.isEmpty()) {
        events.add(event);
      } else {
        broken.forEach(e -> errors.add(e.under(at)));
      }
    }
    return new Parsed<>(events, errors);
  }
}
