package io.persona.models.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a user did, as a producer reported it.
 *
 * @param eventId   the producer's id for this event; a redelivery carries the same id (idempotency)
 * @param userId    who acted
 * @param type      {@code view}, {@code click}, {@code add_to_cart}, {@code purchase}, {@code rating},
 *                  or a custom name
 * @param itemId    what the user acted on
 * @param timestamp when the user acted (producer's clock)
 * @param value     optional number: a rating, a price, a dwell time; {@code null} when absent
 * @param requestId optional id of the recommendation this event answers; {@code null} when absent
 * @param context   small string map (device, page, ...); never null
 */
public record UserEvent(
    String eventId,
    String userId,
    String type,
    String itemId,
    Instant timestamp,
    Double value,
    String requestId,
    Map<String, String> context) {

  public UserEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(timestamp, "timestamp");
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  /**
   * A digest of everything but the id: two deliveries with one id and different content are a
   * producer bug, not a redelivery, and the entity refuses the second.
   */
  public int contentFingerprint() {
    return Objects.hash(userId, type, itemId, timestamp, value, requestId, context);
  }
}
