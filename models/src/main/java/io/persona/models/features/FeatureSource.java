package io.persona.models.features;

import io.persona.models.profile.ProfileSettings;

/**
 * Everything one row's features are computed from. Extractors read only this, so a feature can
 * be recomputed later from the same inputs (and compared with what was logged).
 */
public record FeatureSource(UserInput user, ItemInput item, RequestContext context, ProfileSettings profileSettings) {

  public long nowMillis() {
    return context.now().toEpochMilli();
  }

  public long halfLifeMillis() {
    return profileSettings.halfLife().toMillis();
  }
}
