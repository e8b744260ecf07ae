package io.persona.models.learning;

import java.util.List;

/**
 * Whether a challenger replaces the champion, and why, one line per check, for the registry
 * entry and the dashboard.
 */
public record Decision(boolean promote, List<String> reasons) {

  public Decision {
    reasons = List.copyOf(reasons);
  }
}
