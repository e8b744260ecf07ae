package io.persona.simulations.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trained parts kept for reuse within one benchmark run, by training set (content, not identity:
 * the two temporal protocols cut the same training events) and by what was trained. Tuning tries
 * many blends of the same co-occurrence model and ALS factors; only the first of them trains.
 */
public final class Fits {
  private final Map<List<Object>, Object> memo = new HashMap<>();

  @SuppressWarnings("unchecked")
  <T> T get(TrainingSet train, Object key, Supplier<T> compute) {
    List<Object> k = List.of(train.fingerprint(), key);
    synchronized (memo) {
      Object known = memo.get(k);
      if (known != null) {
        return (T) known;
      }
    }
    T computed = compute.get();
    synchronized (memo) {
      memo.putIfAbsent(k, computed);
      return (T) memo.get(k);
    }
  }

  void clear() {
    synchronized (memo) {
      memo.clear();
    }
  }
}
