package io.persona.actors.recommend;

/**
 * Whether items the user already interacted with may be recommended, as the request asks
 * ({@code seen=...}): {@code DEFAULT} excludes the types of {@code persona.recommend.exclude-event-types}
 * (what was bought), {@code EXCLUDE} every item of the user's profile, {@code INCLUDE} none, and
 * then the user's own items are candidates too (repeat purchases are normal in retail).
 */
public enum SeenItems {
  DEFAULT, EXCLUDE, INCLUDE
}
