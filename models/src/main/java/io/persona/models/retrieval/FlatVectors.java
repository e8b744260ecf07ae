package io.persona.models.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The exact search of {@link ItemVectorIndex}: every vector copied into one contiguous array and
 * scanned in order, so a search reads memory sequentially and allocates nothing per item. The
 * caller's predicate is asked only for an item that would enter the best k so far (a few hundred
 * times per search, not once per item: the predicate reads the catalog and the user's seen set).
 *
 * <p>Writes after the copy go to a small overlay (the new vector, or a tombstone for a removed
 * item) that every search reads too, so a search sees every write completed before it started.
 * The writer folds the overlay into a new copy once it holds more than 1/{@link #REBUILD_SHARE} of
 * the items, and on the index's periodic commit ({@link #fold}): readers never copy the vectors, and
 * a burst of writes (a retrained table republished) costs one copy per ~1/8 of the catalog instead
 * of one per write.
 *
 * <p>Reads are lock-free; {@link #put}, {@link #remove} and {@link #rebuild} must be called under
 * the index's write lock.
 */
final class FlatVectors {
  /** Overlay entries beyond this share of the copied items start a new copy. */
  static final int REBUILD_SHARE = 8;
  private static final int MIN_OVERLAY = 256;
  private static final float[] REMOVED = new float[0];

  /**
   * One copy of the vectors and the writes since it, published together; {@code norms} holds each
   * copied vector's length, which bounds the float screen's rounding error on that row.
   */
  private record State(String[] ids, float[] data, float[] norms, Map<String, float[]> overlay) {}

  /** The most floats one copy may hold (a Java array's bound): a larger catalog is not copied. */
  static final long MAX_CELLS = Integer.MAX_VALUE - 16L;

  private final int dimension;
  private volatile State state;

  FlatVectors(Map<String, float[]> vectors, int dimension) {
    this.dimension = dimension;
    this.state = copy(vectors);
  }

  private State copy(Map<String, float[]> vectors) {
    // the map may hold more than its size said a moment ago: collect first, then size the array
    List<Map.Entry<String, float[]>> entries = new ArrayList<>(vectors.entrySet());
    if (!fits(entries.size(), dimension)) {
      throw new IllegalStateException(entries.size() + " vectors of " + dimension + " floats do not fit one array");
    }
    String[] ids = new String[entries.size()];
    float[] data = new float[entries.size() * dimension];
    float[] norms = new float[entries.size()];
    for (int row = 0; row < ids.length; row++) {
      ids[row] = entries.get(row).getKey();
      float[] vector = entries.get(row).getValue();
      System.arraycopy(vector, 0, data, row * dimension, dimension);
      // rounded up a little: the margin must not shrink below the true length
      norms[row] = (float) (Math.sqrt(dot(vector, vector, 0, dimension)) * (1 + 0x1p-20));
    }
    return new State(ids, data, norms, new ConcurrentHashMap<>());
  }

  /** Whether {@code items} vectors of {@code dimension} floats fit one copy. */
  static boolean fits(long items, int dimension) {
    return items * dimension <= MAX_CELLS;
  }

  /** Records a written vector (already validated and stored by the index). */
  void put(String itemId, float[] vector, Map<String, float[]> vectors) {
    state.overlay().put(itemId, vector);
    rebuildIfLarge(vectors);
  }

  /** Records a removed item. */
  void remove(String itemId, Map<String, float[]> vectors) {
    state.overlay().put(itemId, REMOVED);
    rebuildIfLarge(vectors);
  }

  private void rebuildIfLarge(Map<String, float[]> vectors) {
    State now = state;
    if (now.overlay().size() > Math.max(MIN_OVERLAY, now.ids().length / REBUILD_SHARE)) {
      rebuild(vectors);
    }
  }

  /** A fresh copy of {@code vectors} (every write so far), with an empty overlay. */
  void rebuild(Map<String, float[]> vectors) {
    state = copy(vectors);
  }

  /**
   * Folds the overlay into a new copy if it holds anything: called on the index's periodic commit,
   * so writes that stop short of the rebuild share are not copied by every search for good.
   */
  void fold(Map<String, float[]> vectors) {
    if (!state.overlay().isEmpty()) {
      rebuild(vectors);
    }
  }

  /**
   * The k best-scoring accepted items by the dot product with {@code q}, best first, scores as
   * doubles. {@code q} is already in the index's stored form (normalized under cosine).
   */
  List<ScoredItem> nearest(float[] q, int k, Predicate<String> accept) {
    State now = state;
    // a copy: a write that lands during the scan must not be counted from the array and the overlay both
    Map<String, float[]> overlay = now.overlay().isEmpty() ? Map.of() : Map.copyOf(now.overlay());
    boolean overlaid = !overlay.isEmpty();
    String[] ids = now.ids();
    TopK top = new TopK((int) Math.min(k, (long) ids.length + overlay.size())); // a huge k costs no huge arrays
    float[] data = now.data();
    int d = dimension;
    float[] norms = now.norms();
    // A float sum screens each row cheaply; only a row whose screen could reach the best k is scored
    // exactly, in double as the index scores. The screen's rounding error is at most about
    // (d/4 + 3)·2^-24·|q|·|v| where products stay normal floats, plus d + 3 subnormal spacings
    // (2^-149) where they underflow; the margin is twice the first and all of the second, so it
    // never screens out a row that would enter.
    double relative = 2.0 * (d + 4) * 0x1p-24 * Math.sqrt(dot(q, q, 0, d));
    double absolute = (d + 4) * 0x1p-149;
    for (int row = 0, offset = 0; row < ids.length; row++, offset += d) {
      if (!top.admits(screen(q, data, offset, d) + relative * norms[row] + absolute)) {
        continue;
      }
      double score = dot(q, data, offset, d);
      if (top.admits(score) && !(overlaid && overlay.containsKey(ids[row])) && accept.test(ids[row])) {
        top.add(ids[row], score);
      }
    }
    if (overlaid) {
      for (Map.Entry<String, float[]> written : overlay.entrySet()) {
        float[] vector = written.getValue();
        if (vector != REMOVED) {
          double score = dot(q, vector, 0, d);
          if (top.admits(score) && accept.test(written.getKey())) {
            top.add(written.getKey(), score);
          }
        }
      }
    }
    return top.bestFirst();
  }

  /** A float dot product in four independent sums: cheap, and within the margin of the exact one. */
  private static float screen(float[] q, float[] data, int offset, int d) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < d; i += 4) {
      s0 += q[i] * data[offset + i];
      s1 += q[i + 1] * data[offset + i + 1];
      s2 += q[i + 2] * data[offset + i + 2];
      s3 += q[i + 3] * data[offset + i + 3];
    }
    for (; i < d; i++) {
      s0 += q[i] * data[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The same sum in the same order as the index's own dot product: a score does not depend on the path. */
  private static double dot(float[] q, float[] data, int offset, int d) {
    double sum = 0;
    for (int i = 0; i < d; i++) {
      sum += (double) q[i] * data[offset + i];
    }
    return sum;
  }

  /** The k best (score, id) pairs seen, in a min-heap on primitive arrays; ties: the smaller id wins. */
  private static final class TopK {
    private final int k;
    private final double[] scores;
    private final String[] ids;
    private int size;

    TopK(int k) {
      this.k = k;
      this.scores = new double[k];
      this.ids = new String[k];
    }

    /** Whether a score could enter (ties are settled by id in {@link #add}). */
    boolean admits(double score) {
      return size < k || score >= scores[0];
    }

    void add(String id, double score) {
      if (size < k) {
        scores[size] = score;
        ids[size] = id;
        siftUp(size++);
      } else if (worse(scores[0], ids[0], score, id)) {
        scores[0] = score;
        ids[0] = id;
        siftDown(0);
      }
    }

    /** Whether (s1, id1) ranks below (s2, id2). */
    private static boolean worse(double s1, String id1, double s2, String id2) {
      return s1 < s2 || (s1 == s2 && id1.compareTo(id2) > 0);
    }

    private void siftUp(int i) {
      while (i > 0) {
        int parent = (i - 1) / 2;
        if (!worse(scores[i], ids[i], scores[parent], ids[parent])) {
          return;
        }
        swap(i, parent);
        i = parent;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int left = 2 * i + 1;
        int smallest = i;
        if (left < size && worse(scores[left], ids[left], scores[smallest], ids[smallest])) {
          smallest = left;
        }
        if (left + 1 < size && worse(scores[left + 1], ids[left + 1], scores[smallest], ids[smallest])) {
          smallest = left + 1;
        }
        if (smallest == i) {
          return;
        }
        swap(i, smallest);
        i = smallest;
      }
    }

    private void swap(int a, int b) {
      double s = scores[a];
      scores[a] = scores[b];
      scores[b] = s;
      String id = ids[a];
      ids[a] = ids[b];
      ids[b] = id;
    }

    List<ScoredItem> bestFirst() {
      ScoredItem[] items = new ScoredItem[size];
      for (int i = 0; i < size; i++) {
        items[i] = new ScoredItem(ids[i], scores[i]);
      }
      Arrays.sort(items, (a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
          : a.itemId().compareTo(b.itemId()));
      return List.of(items);
    }
  }
}
