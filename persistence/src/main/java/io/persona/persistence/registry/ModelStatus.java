package io.persona.persistence.registry;

import java.util.Locale;

/**
 * Where a registered model stands. Stored lower-case in {@code model_registry.status}.
 * CHAMPION serves; CHALLENGER is trained and waiting for (or in) evaluation; REJECTED lost its
 * evaluation; RETIRED was champion once and was replaced.
 */
public enum ModelStatus {
  CHAMPION, CHALLENGER, REJECTED, RETIRED;

  String stored() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ModelStatus fromStored(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }
}
