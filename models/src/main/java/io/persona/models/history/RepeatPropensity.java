package io.persona.models.history;

import io.persona.models.profile.InteractedItems;
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
 * 50 events are often a basket or two of distinct items, which says nothing about reordering. The
 * profile counts every event and every distinct item (up to {@link InteractedItems#CAPACITY}; past
 * that every new item would look like a repeat, so such a user gets one half). The history's
 * hold-outs replay the profile from the interaction log, so they count the events that teach
 * within its horizon; serving counts every event the user's profile got (custom types that do not
 * teach, and older ones, too). The two agree where every event teaches and the history is within
 * the horizon, as for the profile's affinities, which the hold-outs replay the same way.
 */
public final class RepeatPropensity {
  private RepeatPropensity() {}

  /** In (0, 1): one half for a user with at most one interaction. */
  public static double of(UserProfile profile) {
    if (profile.interactedCount() >= InteractedItems.CAPACITY) {
      return 0.5;
    }
    long events = profile.totalEvents();
    long repeats = Math.max(0, events - profile.interactedCount());
    long chances = Math.max(0, events - 1);
    return (repeats + 1.0) / (chances + 2.0);
  }
}
