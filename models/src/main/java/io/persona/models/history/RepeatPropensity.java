package io.persona.models.history;

import io.persona.models.profile.UserProfile;

/**
 * How likely this user's next interaction is with an item they already had: the share of their
 * interactions that went back to an item they had before, {@code events − distinct items}, out of
 * every interaction after their first, smoothed by Laplace's rule of succession:
 * {@code (repeats + 1) / (chances + 2)}.
 *
 * <p>Why per user: customers differ in this more than items do. A wholesaler reorders the same
 * lines every week, a browsing customer never comes back to an item; one global share of the user's
 * own items in every list (the blend's repeat weight) fills the browser's list with items they are
 * done with and starves the wholesaler's. The rule of succession keeps a user with one or two
 * interactions near one half, so the blend's weight, measured on the history, decides for them.
 *
 * <p>Counted over the user's whole life, not over the profile's recent history: in a shop the last
 * 20 events are often one basket of distinct items, which says nothing about reordering. The
 * profile counts every event and every distinct item (up to 20,000), so serving and the history's
 * hold-outs, which replay the same profile, compute the same figure.
 */
public final class RepeatPropensity {
  private RepeatPropensity() {}

  /** In (0, 1): one half for a user with at most one interaction. */
  public static double of(UserProfile profile) {
    long events = profile.totalEvents();
    long repeats = Math.max(0, events - profile.interactedCount());
    long chances = Math.max(0, events - 1);
    return (repeats + 1.0) / (chances + 2.0);
  }
}
