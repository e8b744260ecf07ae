package io.persona.models.features;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a request apart from the user and the item: when it happens (in the
 * user's zone, so "evening" means the user's evening), on which device, and the slot the item
 * would be shown in. Slot is a feature because clicks depend on position: train with the slot
 * that was shown, score with the slot being filled.
 *
 * @param attributes   free-form request attributes (locale, campaign, ...); only the keys the
 *                     feature spec declares are used
 * @param seenIncluded whether the request lets the user's own items back ({@code seen=include}): the
 *                     candidates then hold repeats, and what makes an item likely differs
 */
public record RequestContext(Instant now, ZoneId zone, String device, int slot, Map<String, String> attributes,
                             boolean seenIncluded) {

  public RequestContext(Instant now, ZoneId zone, String device, int slot, Map<String, String> attributes) {
    this(now, zone, device, slot, attributes, false);
  }

  public RequestContext {
    Objects.requireNonNull(now, "now");
    zone = zone == null ? ZoneId.of("UTC") : zone;
    device = device == null || device.isBlank() ? "unknown" : device;
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** The same request with seen items let back or not. */
  public RequestContext withSeenIncluded(boolean included) {
    return new RequestContext(now, zone, device, slot, attributes, included);
  }

  public int hourOfDay() {
    return ZonedDateTime.ofInstant(now, zone).getHour();
  }

  /** 1 (Monday) to 7 (Sunday). */
  public int dayOfWeek() {
    return ZonedDateTime.ofInstant(now, zone).getDayOfWeek().getValue();
  }
}
