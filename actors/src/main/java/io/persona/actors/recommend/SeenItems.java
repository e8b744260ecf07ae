package io.persona.actors.recommend;

import java.util.Locale;

/**
 * Whether items the user already interacted with may be recommended, as the request asks
 * ({@code seen=...}). {@code EXCLUDE} leaves out every item the user ever had an event with,
 * {@code INCLUDE} none (and then the user's own items are candidates too: repeat purchases are
 * normal in retail), {@code BY_TYPE} only those of the recent history with an event type of
 * {@code persona.recommend.exclude-event-types} (what was bought or rated). {@code DEFAULT} is a
 * request without the parameter: the node serves it as {@code persona.recommend.seen-default} says
 * ({@link RecommendSettings#seenDefault()}), so it never reaches retrieval.
 */
public enum SeenItems {
  DEFAULT, EXCLUDE, INCLUDE, BY_TYPE;

  /** What a request without a {@code seen} parameter is served as, from its configured name. */
  public static SeenItems parseDefault(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "exclude" -> EXCLUDE;
      case "include" -> INCLUDE;
      case "by-type" -> BY_TYPE;
      default -> throw new IllegalArgumentException(
          "persona.recommend.seen-default must be exclude, include or by-type, was " + name);
    };
  }

  /** This request's mode, with {@code DEFAULT} replaced by the node's {@code seenDefault}. */
  public SeenItems resolve(SeenItems seenDefault) {
    return this == DEFAULT ? seenDefault : this;
  }
}
