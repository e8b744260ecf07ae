package io.persona.actors.recommend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts pinned items at their slots of a picked slate. The pinned item leaves the place the slate
 * gave it (if any), the other items keep their order around it, and the list keeps its length
 * {@code k}; a pin whose slot lies past a shorter list goes to its end. Callers pass only pins whose
 * slot is below {@code k}: a pin past the list does not move the item (it would only push it down).
 * A pinned slot is deterministic: propensity 1, not explored.
 */
final class SlateRules {
  /** A pinned candidate row and the slot it must take. Pins come sorted by slot, distinct slots and rows. */
  record Pin(int row, int slot) {}

  private SlateRules() {}

  static List<SlateSelection.Pick> pinned(List<SlateSelection.Pick> picks, List<Pin> pins, int k) {
    if (pins.isEmpty()) {
      return picks;
    }
    Set<Integer> pinnedRows = new HashSet<>();
    pins.forEach(pin -> pinnedRows.add(pin.row()));
    List<SlateSelection.Pick> others = new ArrayList<>(picks.size());
    for (SlateSelection.Pick pick : picks) {
      if (!pinnedRows.contains(pick.row())) {
        others.add(pick);
      }
    }
    List<SlateSelection.Pick> result = new ArrayList<>(k);
    int next = 0;
    int other = 0;
    while (result.size() < k && (next < pins.size() || other < others.size())) {
      if (next < pins.size() && (pins.get(next).slot() <= result.size() || other >= others.size())) {
        result.add(new SlateSelection.Pick(pins.get(next).row(), 1.0, false));
        next++;
      } else {
        result.add(others.get(other++));
      }
    }
    return result;
  }
}
