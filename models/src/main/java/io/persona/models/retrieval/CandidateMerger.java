package io.persona.models.retrieval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Merges the lists of the candidate sources into one list of distinct candidates.
 *
 * <p>First, each source in priority order ({@link CandidateSource} declaration order: ANN,
 * co-visitation, trending, fresh) contributes up to its quota, in its own order. Then the slots
 * left up to the total are backfilled round-robin from what the sources did not contribute: the
 * next leftover of ANN, then of co-visitation, and so on, so that one long list cannot take all
 * the backfill. An item proposed by several sources keeps the source that took it first: the
 * higher priority one in the quota pass, the one whose turn reached it first in the backfill.
 * Excluded and already taken items are skipped everywhere and do not count against a quota.
 */
public final class CandidateMerger {

  private CandidateMerger() {}

  /**
   * @param bySource each source's items, best first; a missing source counts as empty
   * @param excluded items never to return (e.g. bought ones)
   * @return at most {@code quotas.total()} candidates, no id twice, none excluded
   */
  public static List<Candidate> merge(Map<CandidateSource, List<ScoredItem>> bySource, CandidateQuotas quotas,
                                      Predicate<String> excluded) {
    List<Candidate> merged = new ArrayList<>(quotas.total());
    Set<String> taken = new HashSet<>();
    // Where each source's list resumes for the backfill.
    Map<CandidateSource, Integer> next = new EnumMap<>(CandidateSource.class);

    for (CandidateSource source : CandidateSource.values()) {
      List<ScoredItem> items = bySource.getOrDefault(source, List.of());
      int quota = quotas.of(source);
      int contributed = 0;
      int i = 0;
      while (i < items.size() && contributed < quota && merged.size() < quotas.total()) {
        if (take(items.get(i++), source, merged, taken, excluded)) {
          contributed++;
        }
      }
      next.put(source, i);
    }

    boolean tookAny = true;
    while (merged.size() < quotas.total() && tookAny) {
      tookAny = false;
      for (CandidateSource source : CandidateSource.values()) {
        if (merged.size() >= quotas.total()) {
          break;
        }
        List<ScoredItem> items = bySource.getOrDefault(source, List.of());
        int i = next.get(source);
        while (i < items.size()) {
          if (take(items.get(i++), source, merged, taken, excluded)) {
            tookAny = true;
            break;
          }
        }
        next.put(source, i);
      }
    }
    return merged;
  }

  private static boolean take(ScoredItem item, CandidateSource source, List<Candidate> merged, Set<String> taken,
                              Predicate<String> excluded) {
    if (excluded.test(item.itemId()) || !taken.add(item.itemId())) {
      return false;
    }
    merged.add(new Candidate(item.itemId(), source, item.score()));
    return true;
  }
}
