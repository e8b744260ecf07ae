package io.persona.simulations.quality.served;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the served slots came from, over many lists: slots per retrieval source, explored slots,
 * and lists per model kind and version. It explains the figures: a list filled by the popularity
 * fallback cannot beat most-popular. Thread-safe (lists are asked in parallel).
 */
public final class SourceTally {
  private final Map<String, Long> slotsBySource = new TreeMap<>();
  private final Map<String, Long> listsByKind = new TreeMap<>();
  private final Map<String, SortedSet<String>> versionsByKind = new TreeMap<>();
  private long lists;
  private long emptyLists;
  private long slots;
  private long explored;

  public synchronized void add(ServedList list) {
    lists++;
    if (list.itemIds().isEmpty()) {
      emptyLists++;
    }
    for (int s = 0; s < list.itemIds().size(); s++) {
      slots++;
      slotsBySource.merge(list.sources().get(s), 1L, Long::sum);
      if (list.explored().get(s)) {
        explored++;
      }
    }
    listsByKind.merge(list.modelKind(), 1L, Long::sum);
    versionsByKind.computeIfAbsent(list.modelKind(), k -> new TreeSet<>()).add(list.modelVersion());
  }

  /** Each source's share of all slots (0..1), by source name. */
  public synchronized Map<String, Double> sourceShares() {
    Map<String, Double> shares = new TreeMap<>();
    slotsBySource.forEach((source, n) -> shares.put(source, (double) n / slots));
    return shares;
  }

  /** Lists served by each model kind ({@code popularity}, {@code history}, {@code dcn-v2}, ...). */
  public synchronized Map<String, Long> listsByKind() {
    return new TreeMap<>(listsByKind);
  }

  /** The model versions seen per kind, in name order (versions are named by their training time). */
  public synchronized Map<String, SortedSet<String>> versionsByKind() {
    Map<String, SortedSet<String>> copy = new TreeMap<>();
    versionsByKind.forEach((kind, versions) -> copy.put(kind, new TreeSet<>(versions)));
    return copy;
  }

  public synchronized double exploredShare() {
    return slots == 0 ? 0 : (double) explored / slots;
  }

  public synchronized long lists() {
    return lists;
  }

  public synchronized long emptyLists() {
    return emptyLists;
  }

  /** Mean slots per list (below K when a list came back short). */
  public synchronized double meanLength() {
    return lists == 0 ? 0 : (double) slots / lists;
  }
}
