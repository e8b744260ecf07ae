package io.persona.streams.learning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps the artifacts of the newest refused challengers this trainer registered and drops older
 * ones at once. The trainer may refuse a challenger every cycle, each artifact several MB: a soak
 * at one cycle every ~12 s stored 2.4 GB of refused artifacts an hour, which their TTL alone would
 * have let grow to ~170 GB. Their registry rows stay; the TTL still ends what a restarted trainer no
 * longer remembers.
 */
final class RefusedArtifacts {
  private static final Logger log = LoggerFactory.getLogger(RefusedArtifacts.class);

  private final int kept;
  private final Predicate<String> drop;
  private final Deque<String> newestFirst = new ArrayDeque<>();

  /**
   * @param kept how many refused artifacts to keep (0: none beyond the moment it is registered)
   * @param drop deletes a version's artifact if it is still refused; whether there was one to delete
   */
  RefusedArtifacts(int kept, Predicate<String> drop) {
    if (kept < 0) {
      throw new IllegalArgumentException("the number of refused artifacts kept must not be negative, was " + kept);
    }
    this.kept = kept;
    this.drop = drop;
  }

  /** A challenger was just registered as refused: the oldest beyond the kept number lose their artifacts. */
  void refused(String version) {
    newestFirst.addFirst(version);
    while (newestFirst.size() > kept) {
      String oldest = newestFirst.removeLast();
      try {
        drop.test(oldest);
      } catch (RuntimeException e) {
        // a cycle's work is done by now; this artifact expires with its TTL instead
        log.warn("Could not drop the artifact of refused model {}; it expires with its TTL", oldest, e);
      }
    }
  }

  /** The refused versions whose artifacts are still kept, newest first. */
  List<String> keptVersions() {
    return List.copyOf(newestFirst);
  }
}
