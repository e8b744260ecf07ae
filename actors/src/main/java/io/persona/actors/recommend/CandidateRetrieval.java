package io.persona.actors.recommend;

import io.persona.actors.activity.ItemSignals;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.models.catalog.Item;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.SourceScores;
import io.persona.models.history.SourceSettings;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.retrieval.Candidate;
import io.persona.models.retrieval.CandidateMerger;
import io.persona.models.retrieval.CandidateQuotas;
import io.persona.models.retrieval.CandidateSource;
import io.persona.models.retrieval.ExclusionRules;
import io.persona.models.retrieval.ScoredItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The first stage: a few hundred candidates for one user from node-local sources only: the user's
 * own items (when seen items may come back), the history model (co-occurrence with the user's
 * recent items, popularity), the catalog replica's vector index, co-visitation, trending and fresh
 * items, merged with quotas. Items the user must not see again and unavailable items never become
 * candidates.
 */
public final class CandidateRetrieval {
  private final CatalogReplica catalog;
  private final ItemSignals signals;
  private final ExclusionRules exclusions;
  private final int coVisitationSeeds;
  private final int historySeeds;
  private final double historySeedDecay;
  private final ProfileSettings profileSettings;
  private final CategoryPopularity categoryPopularity;
  /** How many of the user's favourite categories the per-category popularity source draws from. */
  private static final int FAVOURITE_CATEGORIES = 3;

  public CandidateRetrieval(CatalogReplica catalog, ItemSignals signals, RecommendSettings settings,
                            ProfileSettings profileSettings) {
    this.profileSettings = profileSettings;
    this.catalog = catalog;
    this.categoryPopularity = new CategoryPopularity(catalog);
    this.signals = signals;
    this.exclusions = settings.exclusions();
    this.coVisitationSeeds = settings.coVisitationSeeds();
    this.historySeeds = settings.historySeeds();
    this.historySeedDecay = settings.historySeedDecay();
  }

  /**
   * The items the caller sent to be ranked (a search or category page) as candidates, in the order
   * sent, each once: those the catalog does not hold are reported as unknown; those the request
   * leaves out (unavailable, seen under seen=exclude or by-type, not admitted by its filters) as left out.
   */
  public Given given(List<String> itemIds, UserProfile profile, SeenItems seen, ItemFilter filter) {
    Set<String> excludedByType = seen == SeenItems.BY_TYPE ? exclusions.excludedItems(profile) : Set.of();
    Predicate<String> excluded = seenRule(profile, seen, excludedByType);
    List<Candidate> candidates = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (String id : new LinkedHashSet<>(itemIds)) {
      Item item = catalog.item(id);
      if (item == null) {
        unknown.add(id);
      } else if (!catalog.recommendable(id) || excluded.test(id) || !filter.admits(item)) {
        leftOut.add(id);
      } else {
        candidates.add(new Candidate(id, CandidateSource.REQUEST, 0));
      }
    }
    return new Given(candidates, unknown, leftOut);
  }

  /** The caller's items split into what can be ranked, what the catalog does not hold, and what is left out. */
  public record Given(List<Candidate> candidates, List<String> unknown, List<String> leftOut) {}

  /** Which items {@code seen} leaves out for this user. */
  private static Predicate<String> seenRule(UserProfile profile, SeenItems seen, Set<String> excludedByType) {
    return switch (seen) {
      case DEFAULT -> throw new IllegalArgumentException("seen=DEFAULT must be resolved against seen-default first");
      case BY_TYPE -> excludedByType::contains;
      case EXCLUDE -> {
        // the history too: a set at capacity takes no new items, and a disliked one leaves the affinities
        Set<String> recent = new java.util.HashSet<>();
        profile.recentHistory().forEach(entry -> recent.add(entry.itemId()));
        yield id -> recent.contains(id) || profile.hasInteractedWith(id);
      }
      case INCLUDE -> id -> false;
    };
  }

  /**
   * {@code userEmbedding} may be null (a user with no embedded interactions yet): no ANN source then.
   * {@code seen} is the request's mode resolved against the node's default (never {@code DEFAULT}).
   * Only the items {@code filter} admits; each source gives up to its quota in {@code quotas} (the
   * settings' for a ranker, fewer for the blend: {@link RecommendSettings#blendQuotas}). {@code model}
   * is the history model the request read once: its blend decided who orders the list, so its
   * sources are the ones retrieved from, even when a newer one arrives meanwhile.
   */
  public List<Candidate> retrieve(HistoryModel model, UserProfile profile, float[] userEmbedding, Instant now,
                                  SeenItems seen, ItemFilter filter, CandidateQuotas quotas) {
    // seen=exclude: every item the user ever had an event with, not only those the profile still
    // holds an affinity for (a disliked or long-ago item would come back)
    Set<String> excludedByType = seen == SeenItems.BY_TYPE ? exclusions.excludedItems(profile) : Set.of();
    Predicate<String> excluded = seenRule(profile, seen, excludedByType);
    int excludedCount = seen == SeenItems.EXCLUDE ? profile.interactedCount() : excludedByType.size();
    Predicate<String> recommendable = id -> catalog.recommendable(id) && !excluded.test(id);
    Predicate<String> accept = filter.isEmpty() ? recommendable
        : recommendable.and(id -> filter.admits(catalog.item(id)));

    Map<CandidateSource, List<ScoredItem>> bySource = new EnumMap<>(CandidateSource.class);
    if (seen == SeenItems.INCLUDE && quotas.repeat() > 0) {
      bySource.put(CandidateSource.REPEAT, filtered(UserProfile.top(profile.itemAffinities(), now,
          profileSettings, quotas.repeat() * 2).stream()
          .map(entry -> new ScoredItem(entry.getKey(), entry.getValue())).toList(), accept));
    }
    if (!model.isEmpty()) {
      // the seeds the model's blend was measured with, when its measurement chose them
      SourceSettings sources = model.blend().sourcesOr(null);
      List<String> recent = recentDistinctItems(profile.recentHistory(),
          sources == null ? historySeeds : sources.seeds());
      if (!recent.isEmpty() && quotas.history() > 0) {
        bySource.put(CandidateSource.HISTORY, historyNeighbours(model, recent,
            sources == null ? historySeedDecay : sources.seedDecay(), accept, 2 * quotas.history()));
      }
      if (quotas.categoryPopular() > 0) {
        bySource.put(CandidateSource.CATEGORY_POPULAR,
            popularInFavouriteCategories(model, profile, now, accept, 2 * quotas.categoryPopular()));
      }
      if (quotas.popular() > 0) {
        bySource.put(CandidateSource.POPULAR, model.popular(2 * quotas.popular(), accept));
      }
    }
    if (userEmbedding != null && quotas.ann() > 0) {
      // Once a table is trained the user is folded into its space, where cold-start directions mean
      // nothing (and, unnormalized, would compete on length alone): new items come from "fresh".
      Predicate<String> inSpace = catalog.trainedEmbeddings() > 0 ? accept.and(catalog::isTrained) : accept;
      // the user's own items are what lies nearest to their vector: asked for beyond the quota
      bySource.put(CandidateSource.ANN, catalog.index().nearest(userEmbedding, quotas.ann(), inSpace, excludedCount));
    }
    List<String> seeds = recentDistinctItems(profile.recentHistory(), coVisitationSeeds);
    if (!seeds.isEmpty() && quotas.coVisitation() > 0) {
      bySource.put(CandidateSource.CO_VISITATION,
          signals.coVisitation().neighbours(seeds, quotas.coVisitation(), accept));
    }
    // Trending and fresh are cheap: over-fetch so that backfill has something left to take.
    // A quota of 0 turns a source off (not even backfill takes from it).
    if (quotas.trending() > 0) {
      // over-fetched by what the user excluded (the whole cached list when the caller filters),
      // within the list the signals keep cached
      int wanted = 2 * quotas.trending();
      bySource.put(CandidateSource.TRENDING, filtered(signals.trendingTop(
          filter.isEmpty() ? Math.max(wanted, Math.min(wanted + excludedCount, ItemSignals.CACHED_TOP))
              : ItemSignals.CACHED_TOP, now), accept));
    }
    if (quotas.fresh() > 0) {
      bySource.put(CandidateSource.FRESH, catalog.fresh().newest(2 * quotas.fresh(), accept));
    }
    // every source's list passed `accept` above: the merge need not ask again (it was ~4 % of a
    // request's CPU at 100,000 items, README "Where a recommendation's CPU goes")
    return CandidateMerger.merge(bySource, quotas, id -> false);
  }

  /**
   * The most popular items of the user's favourite categories (by decayed category affinity), each
   * item's popularity weighted by its category's affinity relative to the favourite's, best first.
   */
  private List<ScoredItem> popularInFavouriteCategories(HistoryModel model, UserProfile profile, Instant now,
                                                        Predicate<String> accept, int perCategory) {
    List<Map.Entry<String, Double>> favourites =
        UserProfile.top(profile.categoryAffinities(), now, profileSettings, FAVOURITE_CATEGORIES);
    if (favourites.isEmpty() || favourites.get(0).getValue() <= 0) {
      return List.of();
    }
    double strongest = favourites.get(0).getValue();
    List<ScoredItem> scored = new ArrayList<>();
    for (Map.Entry<String, Double> category : favourites) {
      double share = category.getValue() / strongest;
      if (share <= 0) {
        break;
      }
      int taken = 0;
      for (ScoredItem item : categoryPopularity.of(model, category.getKey())) {
        if (taken == perCategory) {
          break;
        }
        if (accept.test(item.itemId())) {
          scored.add(new ScoredItem(item.itemId(), item.score() * share));
          taken++;
        }
      }
    }
    scored.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
    return scored;
  }

  /** Neighbours of the user's recent items, seed i (0 = newest) weighing seedDecay^i, best first. */
  private List<ScoredItem> historyNeighbours(HistoryModel model, List<String> newestFirst, double seedDecay,
                                             Predicate<String> accept, int limit) {
    List<ScoredItem> scored = new ArrayList<>();
    model.coOccurrence().scores(SourceScores.seedWeights(newestFirst, seedDecay)).forEach((item, score) -> {
      if (accept.test(item)) {
        scored.add(new ScoredItem(item, score));
      }
    });
    scored.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
    return scored.size() > limit ? scored.subList(0, limit) : scored;
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

  /**
   * The user's newest distinct items, newest first, in the profile's order: items of one moment (a
   * basket) in the order they arrived, newest first, as a live profile learns them. That order
   * carries signal (a shop lists related items together; the item added last is the freshest
   * intent), and the blend is measured with the same order ({@code BlendTuning}: events of equal
   * time by event id). Ordering a basket by item id instead cost served leave-last-out HR@10 on
   * Online Retail more than half (0.31 to 0.14).
   */
  static List<String> recentDistinctItems(List<HistoryEntry> newestFirst, int limit) {
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
