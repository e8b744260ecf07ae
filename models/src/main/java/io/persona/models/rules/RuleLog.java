package io.persona.models.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entries a served list's log ({@code ServedSlate.rules}) holds about what the operator's rules
 * changed in it: written by the recommender, read by the training join. Rule ids never contain
 * {@code :} (see the rules API), so an entry's item is everything after the second {@code :}, up to
 * its last {@code @} for a pin.
 */
public final class RuleLog {
  private RuleLog() {}

  public static String pin(String ruleId, String itemId, int position) {
    return "pin:" + ruleId + ":" + itemId + "@" + position;
  }

  public static String boost(String ruleId, String itemId) {
    return "boost:" + ruleId + ":" + itemId;
  }

  public static String block(String ruleId, int removed) {
    return "block:" + ruleId + ":" + removed;
  }

  /** The items a pin placed in the list. */
  public static Set<String> pinnedItems(List<String> entries) {
    Set<String> items = new HashSet<>();
    for (String entry : entries) {
      if (entry.startsWith("pin:")) {
        int afterRule = entry.indexOf(':', 4);
        int at = entry.lastIndexOf('@');
        if (afterRule > 0 && at > afterRule) {
          items.add(entry.substring(afterRule + 1, at));
        }
      }
    }
    return items;
  }
}
