package io.persona.models.features;

import io.persona.models.profile.UserProfile;

import java.util.Objects;

/** The user side of one scoring request: the live profile and the user's embedding (null if none yet). */
public record UserInput(UserProfile profile, float[] embedding) {

  public UserInput {
    Objects.requireNonNull(profile, "profile");
  }
}
