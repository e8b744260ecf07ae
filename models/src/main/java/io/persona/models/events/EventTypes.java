package io.persona.models.events;

import java.util.Set;

/** The event types Persona knows by name; any other well-formed name is a custom type. */
public final class EventTypes {
  public static final String VIEW = "view";
  public static final String CLICK = "click";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String PURCHASE = "purchase";
  public static final String RATING = "rating";

  public static final Set<String> KNOWN = Set.of(VIEW, CLICK, ADD_TO_CART, PURCHASE, RATING);

  private EventTypes() {}
}
