package io.persona.models.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
   * A 64-bit digest of everything but the id: two deliveries with one id and different content are
   * a producer bug, not a redelivery, and the entity refuses the second. SHA-256 over a
   * length-prefixed encoding (context sorted by key), so distinct contents do not collide the way
   * {@code Objects.hash} does ("Aa" and "BB", or swapped context keys and values).
   */
  public long contentFingerprint() {
    ContentDigest digest = new ContentDigest()
        .add(userId).add(type).add(itemId)
        .add(timestamp.getEpochSecond()).add(timestamp.getNano())
        .add(value == null ? "-" : Double.toString(value))
        .add(requestId == null ? "-" : requestId)
        .add(context.size());
    new TreeMap<>(context).forEach((k, v) -> digest.add(k).add(v));
    return digest.toLong();
  }
}
