package io.persona.gateway.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a producer API key may do. {@link #ADMIN} implies every other scope and the operator
 * endpoints. Minting an end-user token needs every scope the token conveys for its user
 * (recommendations:read, profiles:read, events:write): a key can only hand on what it has.
 */
public enum Scope {
  EVENTS_WRITE("events:write"),
  ITEMS_WRITE("items:write"),
  RECOMMENDATIONS_READ("recommendations:read"),
  PROFILES_READ("profiles:read"),
  /** DELETE /v1/users/{id}: erase a user's data on request. */
  USERS_DELETE("users:delete"),
  ADMIN("admin");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Every scope but admin: what the bootstrap and development keys get. */
  public static Set<Scope> publicScopes() {
    return EnumSet.complementOf(EnumSet.of(ADMIN));
  }

  public static Optional<Scope> parse(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
  }

  public static String allWireNames() {
    return String.join(", ", Arrays.stream(values()).map(Scope::wireName).toList());
  }
}
