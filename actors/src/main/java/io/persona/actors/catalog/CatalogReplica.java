package io.persona.actors.catalog;

import io.persona.models.catalog.Item;
import io.persona.models.retrieval.ColdStartEmbeddings;
import io.persona.models.retrieval.ItemGram;
import io.persona.models.retrieval.FreshItems;
import io.persona.models.retrieval.ItemVectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * This node's copy of the item catalog and item embeddings. Loaded from Cassandra at start and
 * kept current by {@link CatalogChanged} messages from cluster pub-sub, so retrieval never reads
 * Cassandra on the request path. Safe for one updating thread and many reading threads.
 *
 * <p>An item without a trained embedding gets a cold-start embedding from its category and tags,
 * so new items can be retrieved by nearest-neighbour search from their first minute; a trained
 * embedding, once published, replaces it.
 */
public final class CatalogReplica implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogReplica.class);
  /** Per item, a hash of the last trained vector given to this replica (accepted or refused). */
  private final Map<String, Integer> appliedVectors = new ConcurrentHashMap<>();
  private final Map<String, Item> items = new ConcurrentHashMap<>();
  private final Set<String> trained = ConcurrentHashMap.newKeySet();
  private final ItemVectorIndex index;
  private final FreshItems fresh;
  private final ColdStartEmbeddings coldStart;
  /** VᵀV of the trained vectors, for the users' exact fold-in. */
  private final ItemGram trainedGram;
  private final LongAdder rejectedEmbeddings = new LongAdder();
  /** Moves whenever the trained vectors change: what a user's cached retrieval was searched against. */
  private final AtomicLong vectorsVersion = new AtomicLong();
  /** Moves whenever an item joins or leaves the catalog: which items the embedding retrainer publishes for. */
  private final AtomicLong membershipVersion = new AtomicLong();
  private volatile boolean closed;
  /** Told of every item this replica forgets (its signals are forgotten with it). */
  private volatile Consumer<String> removalListener = itemId -> { };

  public CatalogReplica(ItemVectorIndex index, FreshItems fresh, ColdStartEmbeddings coldStart) {
    this.index = index;
    this.fresh = fresh;
    this.coldStart = coldStart;
    this.trainedGram = new ItemGram(index.dimension());
  }

  /** Applies one change: items first, so a trained embedding for a new item lands on a known item. */
  public void apply(CatalogChanged change) {
    upsertItems(change.items());
    upsertEmbeddings(change.embeddings());
    remove(change.removed());
  }

  /**
   * Forgets deleted items: not recommendable (every candidate source asks {@link #recommendable}),
   * and gone from the vector index, the fresh list and the trained vectors' Gram matrix.
   */
  public void remove(Collection<String> itemIds) {
    for (String itemId : itemIds) {
      if (items.remove(itemId) != null) { // first: from here on no candidate source lets it through
        membershipVersion.incrementAndGet();
      }
      fresh.remove(itemId);
      if (trained.remove(itemId)) {
        trainedGram.remove(itemId);
        vectorsVersion.incrementAndGet();
      }
      appliedVectors.remove(itemId);
      index.remove(itemId);
      try {
        removalListener.accept(itemId);
      } catch (RuntimeException e) { // the item is gone from serving either way; only its signals linger
        log.warn("Could not forget the signals of deleted item {}: {}", itemId, e.toString());
      }
    }
  }

  /** Calls {@code listener} with each item id this replica forgets from now on, on the thread that removes it. */
  public void onRemoved(Consumer<String> listener) {
    this.removalListener = listener;
  }

  public void upsertItems(Collection<Item> changed) {
    for (Item item : changed) {
      // the vector first: a reader that finds the item finds its embedding too
      if (!trained.contains(item.itemId())) {
        index.upsert(item.itemId(), coldStart.of(item));
      }
      if (items.put(item.itemId(), item) == null) {
        membershipVersion.incrementAndGet();
      }
      if (item.available()) {
        fresh.add(item.itemId(), item.created());
      } else {
        fresh.remove(item.itemId());
      }
    }
  }

  /**
   * Trained embeddings, by item id; ids not (yet) in the catalog are kept for when the item
   * arrives. A vector the index refuses (wrong dimension, not finite, all zeros) is skipped and
   * counted: one bad row must not stop a node from starting. The gateway refuses such vectors,
   * so they can only come from elsewhere (a training job, a hand-written row).
   */
  public void upsertEmbeddings(Map<String, float[]> embeddings) {
    int rejected = 0;
    String example = null;
    for (Map.Entry<String, float[]> entry : embeddings.entrySet()) {
      // what was applied, refused or not: reconciliation compares with it (Cassandra keeps the bits)
      appliedVectors.put(entry.getKey(), Arrays.hashCode(entry.getValue()));
      try {
        index.upsert(entry.getKey(), entry.getValue());
        trained.add(entry.getKey());
        trainedGram.put(entry.getKey(), index.vector(entry.getKey())); // as stored: normalized under cosine
      } catch (IllegalArgumentException e) {
        rejected++;
        example = example == null ? entry.getKey() + ": " + e.getMessage() : example;
      }
    }
    if (rejected < embeddings.size()) {
      vectorsVersion.incrementAndGet();
    }
    if (rejected > 0) {
      rejectedEmbeddings.add(rejected);
      log.warn("Skipped {} of {} item embeddings the index refuses (e.g. {})", rejected, embeddings.size(), example);
    }
  }

  /**
   * Heals what this replica missed: every stored item it lacks or holds in another version, and
   * every stored trained embedding it was never given in that version (one the index refused is
   * not tried again), is applied as if published. Answers how many were healed (0 when no catalog
   * message was lost). The same as {@link #heal} of {@link #differences} at once.
   */
  public int reconcile(Collection<Item> storedItems, Map<String, float[]> storedEmbeddings) {
    return heal(differences(storedItems, storedEmbeddings), Set.of());
  }

  /**
   * What Cassandra holds that this replica does not.
   *
   * @param items   stored items this replica lacks or holds in another version
   * @param vectors stored trained vectors this replica was never given in that version
   * @param removed items this replica holds that are no longer stored
   */
  public record Differences(List<Item> items, Map<String, float[]> vectors, List<String> removed) {
    public boolean isEmpty() {
      return items.isEmpty() && vectors.isEmpty() && removed.isEmpty();
    }

    public int size() {
      return items.size() + vectors.size() + removed.size();
    }
  }

  /** Compares this replica with what Cassandra holds; changes nothing. */
  public Differences differences(Collection<Item> storedItems, Map<String, float[]> storedEmbeddings) {
    List<Item> missed = new ArrayList<>();
    for (Item stored : storedItems) {
      if (!sameAsStored(items.get(stored.itemId()), stored)) {
        missed.add(stored);
      }
    }
    Map<String, float[]> missedVectors = new HashMap<>();
    storedEmbeddings.forEach((itemId, vector) -> {
      Integer applied = appliedVectors.get(itemId);
      if (applied == null || applied != Arrays.hashCode(vector)) { // missing, or an older version
        missedVectors.put(itemId, vector);
      }
    });
    // deleted while this replica missed the message
    Set<String> stored = new HashSet<>();
    storedItems.forEach(item -> stored.add(item.itemId()));
    List<String> deleted = items.keySet().stream().filter(id -> !stored.contains(id)).toList();
    return new Differences(missed, missedVectors, deleted);
  }

  /**
   * Applies {@code found} (from {@link #differences}) but for the items in {@code changedSince}: a
   * change for them reached this replica after the comparison (the difference was its message on
   * the way, or a newer change came), and it, not the older row read then, is what they hold.
   * Answers how many were healed.
   */
  public int heal(Differences found, Set<String> changedSince) {
    if (closed) {
      return 0; // the node is closing: a heal queued before must not meet the closing index
    }
    List<Item> missed = found.items().stream().filter(item -> !changedSince.contains(item.itemId())).toList();
    Map<String, float[]> missedVectors = new HashMap<>();
    found.vectors().forEach((itemId, vector) -> {
      if (!changedSince.contains(itemId)) {
        missedVectors.put(itemId, vector);
      }
    });
    List<String> deleted = found.removed().stream().filter(itemId -> !changedSince.contains(itemId)).toList();
    upsertItems(missed);
    upsertEmbeddings(missedVectors);
    remove(deleted);
    return missed.size() + missedVectors.size() + deleted.size();
  }

  /** Equal as Cassandra keeps them: a timestamp to the millisecond, no title the same as an empty one. */
  private static boolean sameAsStored(Item held, Item stored) {
    return held != null
        && held.itemId().equals(stored.itemId())
        && Objects.equals(held.category(), stored.category())
        && Objects.equals(emptyIfNull(held.title()), emptyIfNull(stored.title()))
        && held.tags().equals(stored.tags())
        && held.attributes().equals(stored.attributes())
        && held.available() == stored.available()
        && held.created().truncatedTo(ChronoUnit.MILLIS).equals(stored.created().truncatedTo(ChronoUnit.MILLIS));
  }

  private static String emptyIfNull(String text) {
    return text == null ? "" : text;
  }

  /** Embeddings refused by the index since start. */
  public long rejectedEmbeddings() {
    return rejectedEmbeddings.sum();
  }

  public Item item(String itemId) {
    return items.get(itemId);
  }

  /** The item's embedding (trained, else cold-start), or null for an unknown item. */
  public float[] embedding(String itemId) {
    return index.vector(itemId);
  }

  /** Whether the item may be shown at all: known and available. */
  public boolean recommendable(String itemId) {
    Item item = items.get(itemId);
    return item != null && item.available();
  }

  public int size() {
    return items.size();
  }

  /** VᵀV over the trained embeddings as they are now. */
  public ItemGram.Snapshot trainedGram() {
    return trainedGram.snapshot();
  }

  /** Whether the item's embedding comes from training (rather than from its attributes). */
  public boolean isTrained(String itemId) {
    return trained.contains(itemId);
  }

  /** Moves whenever an item joins or leaves the catalog (an update of a known item does not move it). */
  public long membershipVersion() {
    return membershipVersion.get();
  }

  /** A number that changes whenever a trained vector is added, replaced or removed. */
  public long vectorsVersion() {
    return vectorsVersion.get();
  }

  public int trainedEmbeddings() {
    return trained.size();
  }

  public ItemVectorIndex index() {
    return index;
  }

  public FreshItems fresh() {
    return fresh;
  }

  @Override
  public void close() {
    closed = true;
    index.close();
  }
}
