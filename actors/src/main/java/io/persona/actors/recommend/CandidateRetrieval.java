package io.persona.actors.recommend;

import io.persona.actors.activity.ItemSignals;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;
import io.persona.models.retrieval.Candidate;
import io.persona.models.retrieval.CandidateMerger;
import io.persona.models.retrieval.CandidateQuotas;
import io.persona.models.retrieval.CandidateSource;
import io.persona.models.retrieval.ExclusionRules;
import io.persona.models.retrieval.ScoredItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The first stage: a few hundred candidates for one user from node-local sources only (the
 * catalog replica's vector index, co-visitation, trending, fresh items), merged with quotas.
 * Items the user must not see again and unavailable items never become candidates.
 */
public final class CandidateRetrieval {
  private final CatalogReplica catalog;
  private final ItemSignals signals;
  private final CandidateQuotas quotas;
  private final ExclusionRules exclusions;
  private final int coVisitationSeeds;

  public CandidateRetrieval(CatalogReplica catalog, ItemSignals signals, CandidateQuotas quotas,
                            ExclusionRules exclusions, int coVisitationSeeds) {
    this.catalog = catalog;
    this.signals = signals;
    this.quotas = quotas;
    this.exclusions = exclusions;
    this.coVisitationSeeds = coVisitationSeeds;
  }

  /** {@code userEmbedding} may be null (a user with no embedded interactions yet): no ANN source then. */
  public List<Candidate> retrieve(UserProfile profile, float[] userEmbedding, Instant now) {
    Set<String> excluded = exclusions.excludedItems(profile);
    Predicate<String> accept = id -> catalog.recommendable(id) && !excluded.contains(id);

    Map<CandidateSource, List<ScoredItem>> bySource = new EnumMap<>(CandidateSource.class);
    if (userEmbedding != null && quotas.ann() > 0) {
      bySource.put(CandidateSource.ANN, catalog.index().nearest(userEmbedding, quotas.ann(), accept));
    }
    List<String> seeds = recentDistinctItems(profile.recentHistory(), coVisitationSeeds);
    if (!seeds.isEmpty() && quotas.coVisitation() > 0) {
      bySource.put(CandidateSource.CO_VISITATION,
          signals.coVisitation().neighbours(seeds, quotas.coVisitation(), accept));
    }
    // Trending and fresh are cheap: over-fetch so that backfill has something left to take.
    bySource.put(CandidateSource.TRENDING, filtered(signals.trendingTop(2 * quotas.trending()
        + excluded.size(), now), accept));
    bySource.put(CandidateSource.FRESH, catalog.fresh().newest(2 * quotas.fresh(), accept));
    return CandidateMerger.merge(bySource, quotas, accept.negate());
  }

  private static List<ScoredItem> filtered(List<ScoredItem> items, Predicate<String> accept) {
    List<ScoredItem> kept = new ArrayList<>(items.size());
    for (ScoredItem item : items) {
      if (accept.test(item.itemId())) {
        kept.add(item);
      }
    }
    return kept;
  }

  private static List<String> recentDistinctItems(List<HistoryEntry> newestFirst, int limit) {
    Set<String> distinct = new LinkedHashSet<>();
    for (HistoryEntry entry : newestFirst) {
      if (distinct.size() == limit) {
        break;
      }
      distinct.add(entry.itemId());
    }
    return List.copyOf(distinct);
  }
}
