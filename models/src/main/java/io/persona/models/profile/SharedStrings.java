package io.persona.models.profile;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One instance of each item id, event type and category that profiles hold. Every event arrives
 * with strings of its own (parsed from a request or read back from the journal), so without this
 * ten thousand users who viewed one item would hold ten thousand copies of its id: about 100 bytes
 * per remembered event (issue 16, heap per user). Held weakly: a string no profile holds any more
 * is forgotten at the next GC, so ids chosen by clients cannot grow this pool beyond what the live
 * profiles already hold. Striped, so that entity threads rarely wait on each other.
 */
final class SharedStrings {
  private static final int STRIPES = 16;
  @SuppressWarnings("unchecked")
  private static final Map<String, WeakReference<String>>[] POOLS = new Map[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      POOLS[i] = new WeakHashMap<>();
    }
  }

  private SharedStrings() {}

  /** The shared instance equal to {@code value} (null stays null). */
  static String of(String value) {
    if (value == null) {
      return null;
    }
    Map<String, WeakReference<String>> pool = POOLS[Math.floorMod(value.hashCode(), STRIPES)];
    synchronized (pool) {
      WeakReference<String> held = pool.get(value);
      String shared = held == null ? null : held.get();
      if (shared != null) {
        return shared;
      }
      pool.put(value, new WeakReference<>(value));
      return value;
    }
  }
}
