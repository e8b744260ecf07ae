package io.persona.actors.recommend;

import io.persona.actors.rules.RuleBook;
import io.persona.models.rules.ActiveRules;
import io.persona.actors.activity.ItemSignals;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.models.catalog.Item;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.SourceWeights;
import io.persona.models.retrieval.CandidateSource;
import io.persona.models.retrieval.ScoredItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lists that are not one user's: the items like a given item, and what is trending, from the same
 * node-local sources the personal lists retrieve from. They read the served history model and the
 * catalog replica only, so any node answers without asking another.
 *
 * <p>Items like X: X's co-occurrence neighbours in everyone's history and the items nearest X's
 * trained embedding, each scaled by its own best and weighed with the shares the history model
 * measured for co-occurrence and ALS (seen items excluded: the user's next new item, the closest
 * measured question to "what goes with this one"). An item with neither (new, or never bought
 * with another) gets the most popular items of its category, and, while nothing is learned about
 * it, the untrained items nearest its cold-start direction (its category and tags).
 */
public final class ItemLists {
  /** Neighbours asked of the vector index per listed item: enough for the filters to leave k. */
  private static final int ANN_FETCH = 4;
  /**
   * At most this many of a ranked list are looked at to fill a list: a narrow filter (a rare
   * category) answers with fewer items rather than walking a whole catalog on a request thread.
   */
  private static final int MAX_SCANNED = 20_000;

  /** One listed item and the source that put it there. */
  public record Listed(String itemId, double score, CandidateSource source) {}

  private final CatalogReplica catalog;
  private final ItemSignals signals;
  private final HistoryModelHolder history;
  private final CategoryPopularity categoryPopularity;
  private final RuleBook rules;

  /** @param rules the operator's rules: a blocked category appears in no list */
  public ItemLists(CatalogReplica catalog, ItemSignals signals, HistoryModelHolder history, RuleBook rules) {
    this.catalog = catalog;
    this.signals = signals;
    this.history = history;
    this.categoryPopularity = new CategoryPopularity(catalog);
    this.rules = rules;
  }

  /** Items no rule blocks now. */
  private Predicate<String> unblocked(Instant now) {
    ActiveRules active = rules.at(now);
    if (active.isEmpty()) {
      return id -> true;
    }
    return id -> {
      Item item = catalog.item(id);
      return item != null && active.blockedBy(item).isEmpty();
    };
  }

  /**
   * Up to {@code k} recommendable items like {@code itemId} that {@code accept} lets through, best
   * first (never the item itself); empty when the catalog has no such item.
   */
  public Optional<List<Listed>> similar(String itemId, int k, Predicate<String> accept) {
    Item item = catalog.item(itemId);
    if (item == null) {
      return Optional.empty();
    }
    Predicate<String> unblocked = unblocked(Instant.now());
    Predicate<String> eligible = id -> !id.equals(itemId) && catalog.recommendable(id) && accept.test(id)
        && unblocked.test(id);
    HistoryModel model = history.current();
    SourceWeights shares = model.blend().exclude();
    Map<String, Double> blended = new HashMap<>();
    Map<String, CandidateSource> source = new HashMap<>();
    List<ScoredItem> coOccurring = model.coOccurrence().neighbours(itemId).stream()
        .filter(n -> eligible.test(n.itemId())).toList();
    addScaled(coOccurring, shares.coOccurrence() > 0 ? shares.coOccurrence() : 1, CandidateSource.HISTORY, blended,
        source);
    float[] vector = catalog.isTrained(itemId) ? catalog.embedding(itemId) : null;
    if (vector != null) {
      List<ScoredItem> near = catalog.index().nearest(vector, ANN_FETCH * k, eligible.and(catalog::isTrained));
      addScaled(near, coOccurring.isEmpty() ? 1 : shares.als(), CandidateSource.ANN, blended, source);
    }
    List<Listed> listed = best(blended, source, k);
    if (listed.size() < k) { // a new item, or one never bought with another: its category's best sellers
      fill(listed, categoryPopularity.of(model, item.category()), CandidateSource.CATEGORY_POPULAR, eligible, k);
    }
    if (listed.size() < k && vector == null) {
      // nothing learned about it yet (a new installation, a new category): the untrained items nearest
      // its cold-start direction, which items of one category and shared tags are near
      float[] coldStart = catalog.embedding(itemId);
      if (coldStart != null) {
        fill(listed, catalog.index().nearest(coldStart, ANN_FETCH * k, eligible.and(id -> !catalog.isTrained(id))),
            CandidateSource.ANN, eligible, k);
      }
    }
    return Optional.of(listed);
  }

  /**
   * Up to {@code k} recommendable items with the most recent interactions that {@code accept} lets
   * through, best first; after the live counts, the history's decayed popularity (a node that has
   * just started, or a quiet hour).
   */
  public List<Listed> trending(int k, Predicate<String> accept, Instant now) {
    Predicate<String> unblocked = unblocked(now);
    Predicate<String> eligible = id -> catalog.recommendable(id) && accept.test(id) && unblocked.test(id);
    List<Listed> listed = new ArrayList<>();
    fill(listed, signals.trendingTop(ItemSignals.CACHED_TOP, now), CandidateSource.TRENDING, eligible, k);
    fill(listed, history.current().popularFirst(), CandidateSource.POPULAR, eligible, k);
    return listed;
  }

  /** The item's category in the catalog replica, or null. */
  public String categoryOf(String itemId) {
    Item item = catalog.item(itemId);
    return item == null ? null : item.category();
  }

  private static void addScaled(List<ScoredItem> items, double weight, CandidateSource from, Map<String, Double> into,
                                Map<String, CandidateSource> source) {
    double max = 0;
    for (ScoredItem item : items) {
      max = Math.max(max, item.score());
    }
    if (max <= 0 || weight <= 0) {
      return;
    }
    for (ScoredItem item : items) {
      double scaled = weight * Math.max(0, item.score()) / max;
      double before = into.getOrDefault(item.itemId(), 0.0);
      into.put(item.itemId(), before + scaled);
      // the source that contributed more names the item
      if (!source.containsKey(item.itemId()) || scaled > before) {
        source.put(item.itemId(), from);
      }
    }
  }

  private static List<Listed> best(Map<String, Double> blended, Map<String, CandidateSource> source, int k) {
    List<Listed> all = new ArrayList<>(blended.size());
    blended.forEach((id, score) -> all.add(new Listed(id, score, source.get(id))));
    all.sort(Comparator.comparingDouble(Listed::score).reversed().thenComparing(Listed::itemId));
    return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
  }

  /** Appends items of {@code ranked} not listed yet, in its order, until {@code k} are listed. */
  private static void fill(List<Listed> listed, List<ScoredItem> ranked, CandidateSource from,
                           Predicate<String> eligible, int k) {
    Map<String, Boolean> present = new LinkedHashMap<>();
    listed.forEach(l -> present.put(l.itemId(), true));
    int scanned = 0;
    for (ScoredItem item : ranked) {
      if (listed.size() >= k || scanned++ == MAX_SCANNED) {
        return;
      }
      if (!present.containsKey(item.itemId()) && eligible.test(item.itemId())) {
        listed.add(new Listed(item.itemId(), item.score(), from));
        present.put(item.itemId(), true);
      }
    }
  }
}
