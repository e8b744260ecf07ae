package io.persona.models.events;

import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What makes a {@link UserEvent} acceptable. The gateway checks every event with these rules
 * before anything is persisted, so the journal only ever holds events that pass them.
 *
 * @param earliest      timestamps before this are refused (clock bugs, epoch seconds sent as ms)
 * @param maxFutureSkew how far ahead of the server's clock a producer's timestamp may be
 * @param maxContextEntries how many context entries one event may carry
 */
public record UserEventRules(Instant earliest, Duration maxFutureSkew, int maxContextEntries) {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern CONTEXT_KEY = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
  private static final int MAX_CONTEXT_VALUE = 256;
  private static final double MAX_ABS_VALUE = 1e12;
  private static final double MAX_RATING = 10;

  /** Every problem with {@code event} at server time {@code now}; empty when it is acceptable. */
  public List<FieldError> check(UserEvent event, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    Ids.check("eventId", event.eventId()).ifPresent(errors::add);
    Ids.check("userId", event.userId()).ifPresent(errors::add);
    Ids.check("itemId", event.itemId()).ifPresent(errors::add);
    if (!TYPE.matcher(event.type()).matches()) {
      errors.add(new FieldError("type",
          "must be view, click, add_to_cart, purchase, rating or a custom name of [a-z0-9_] starting with a letter, at most 64 chars"));
    }
    checkTimestamp(event.timestamp(), now).ifPresent(errors::add);
    if (event.value() != null) {
      double v = event.value();
      if (!Double.isFinite(v)) {
        errors.add(new FieldError("value", "must be a finite number"));
      } else if (Math.abs(v) > MAX_ABS_VALUE) {
        errors.add(new FieldError("value", "must be within +-1e12"));
      }
    }
    if (EventTypes.RATING.equals(event.type())) {
      if (event.value() == null) {
        errors.add(new FieldError("value", "is required for a rating"));
      } else if (event.value() < 0 || event.value() > MAX_RATING) {
        errors.add(new FieldError("value", "a rating must be between 0 and 10"));
      }
    }
    if (event.requestId() != null) {
      Ids.check("requestId", event.requestId()).ifPresent(errors::add);
    }
    checkContext(event.context(), errors);
    return errors;
  }

  private java.util.Optional<FieldError> checkTimestamp(Instant timestamp, Instant now) {
    if (timestamp.isBefore(earliest)) {
      return java.util.Optional.of(new FieldError("timestamp", "must not be before " + earliest));
    }
    if (timestamp.isAfter(now.plus(maxFutureSkew))) {
      return java.util.Optional.of(new FieldError("timestamp",
          "must not be more than " + maxFutureSkew.toMinutes() + " minutes in the future"));
    }
    return java.util.Optional.empty();
  }

  private void checkContext(Map<String, String> context, List<FieldError> errors) {
    if (context.size() > maxContextEntries) {
      errors.add(new FieldError("context", "may hold at most " + maxContextEntries + " entries"));
      return;
    }
    for (Map.Entry<String, String> entry : context.entrySet()) {
      if (!CONTEXT_KEY.matcher(entry.getKey()).matches()) {
        errors.add(new FieldError("context", "keys must be 1-64 chars of A-Z a-z 0-9 . _ : @ -"));
      } else if (entry.getValue().length() > MAX_CONTEXT_VALUE) {
        errors.add(new FieldError("context." + entry.getKey(), "must be at most 256 characters"));
      }
    }
  }
}
