/**
 * What Persona knows about one user: {@link io.persona.models.profile.UserProfile}, rebuilt from
 * the user's events, with time-decayed item and category affinities and a bounded recent history;
 * {@link io.persona.models.profile.ProfilePolicy} says how much each event type counts and how fast
 * interest fades.
 */
package io.persona.models.profile;
