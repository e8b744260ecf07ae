package io.persona.persistence.registry;

import java.time.Instant;
import java.util.Objects;

/** The version that serves, since when (to the millisecond) and why. */
public record ChampionPointer(String version, Instant since, String reason) {

  public ChampionPointer {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(since, "since");
  }
}
