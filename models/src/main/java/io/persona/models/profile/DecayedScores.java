package io.persona.models.profile;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A profile's decayed scores by key (item or category), held as a sorted array of the shared key
 * instances ({@link SharedStrings}) and one {@code long[]} with each score's value bits and anchor
 * time: about 20 bytes a key instead of ~48 for a {@link DecayedScore} in an immutable map's table
 * (issue 16, heap per user). Immutable; a lookup is a binary search, and a {@link DecayedScore} is
 * made when one is read.
 */
public final class DecayedScores extends AbstractMap<String, DecayedScore> {
  public static final DecayedScores EMPTY = new DecayedScores(new String[0], new long[0]);

  private final String[] keys;
  /** Key i's value as {@link Double#doubleToRawLongBits} at 2i, its anchor in epoch ms at 2i+1. */
  private final long[] scores;

  private DecayedScores(String[] keys, long[] scores) {
    this.keys = keys;
    this.scores = scores;
  }

  /** {@code scores} in this form; the same instance when they already are. */
  public static DecayedScores of(Map<String, DecayedScore> scores) {
    if (scores instanceof DecayedScores compact) {
      return compact;
    }
    if (scores.isEmpty()) {
      return EMPTY;
    }
    String[] keys = new String[scores.size()];
    int n = 0;
    for (String key : scores.keySet()) {
      keys[n++] = SharedStrings.of(key);
    }
    Arrays.sort(keys);
    long[] packed = new long[2 * keys.length];
    for (int i = 0; i < keys.length; i++) {
      DecayedScore score = scores.get(keys[i]);
      packed[2 * i] = Double.doubleToRawLongBits(score.value());
      packed[2 * i + 1] = score.atMillis();
    }
    return new DecayedScores(keys, packed);
  }

  /**
   * These scores with {@code amount} added to {@code key} at {@code atMillis} (see
   * {@link DecayedScore#plus}); past {@code capacity} keys the weakest other key at that time is
   * dropped, the first in key order among equals, so the choice is replayable on any JVM (a hash
   * map's order, before stop 37, differed between JVMs for keys of one bucket).
   */
  DecayedScores plus(String key, double amount, long atMillis, long halfLifeMillis, int capacity) {
    int found = Arrays.binarySearch(keys, key);
    String[] nextKeys;
    long[] nextScores;
    int at;
    if (found >= 0) {
      at = found;
      nextKeys = keys;
      nextScores = scores.clone();
      DecayedScore updated = score(found).plus(amount, atMillis, halfLifeMillis);
      nextScores[2 * at] = Double.doubleToRawLongBits(updated.value());
      nextScores[2 * at + 1] = updated.atMillis();
    } else {
      at = -found - 1;
      nextKeys = new String[keys.length + 1];
      nextScores = new long[scores.length + 2];
      System.arraycopy(keys, 0, nextKeys, 0, at);
      System.arraycopy(keys, at, nextKeys, at + 1, keys.length - at);
      System.arraycopy(scores, 0, nextScores, 0, 2 * at);
      System.arraycopy(scores, 2 * at, nextScores, 2 * at + 2, scores.length - 2 * at);
      nextKeys[at] = key; // the shared instance: the profile made it so, once per event
      nextScores[2 * at] = Double.doubleToRawLongBits(amount);
      nextScores[2 * at + 1] = atMillis;
    }
    DecayedScores next = new DecayedScores(nextKeys, nextScores);
    return nextKeys.length > capacity ? next.without(next.weakestOtherThan(at, atMillis, halfLifeMillis)) : next;
  }

  /** The first of these keys that {@code other} lacks (the one {@link #plus} dropped), or null. */
  String firstKeyMissingFrom(DecayedScores other) {
    for (String key : keys) {
      if (!other.containsKey(key)) {
        return key;
      }
    }
    return null;
  }

  private int weakestOtherThan(int kept, long atMillis, long halfLifeMillis) {
    int weakest = -1;
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < keys.length; i++) {
      if (i == kept) {
        continue;
      }
      double value = score(i).valueAt(atMillis, halfLifeMillis);
      if (weakest < 0 || Double.compare(value, lowest) < 0) {
        weakest = i;
        lowest = value;
      }
    }
    return weakest;
  }

  private DecayedScores without(int index) {
    if (index < 0) {
      return this;
    }
    String[] nextKeys = new String[keys.length - 1];
    long[] nextScores = new long[scores.length - 2];
    System.arraycopy(keys, 0, nextKeys, 0, index);
    System.arraycopy(keys, index + 1, nextKeys, index, keys.length - index - 1);
    System.arraycopy(scores, 0, nextScores, 0, 2 * index);
    System.arraycopy(scores, 2 * index + 2, nextScores, 2 * index, scores.length - 2 * index - 2);
    return new DecayedScores(nextKeys, nextScores);
  }

  private DecayedScore score(int i) {
    return new DecayedScore(Double.longBitsToDouble(scores[2 * i]), scores[2 * i + 1]);
  }

  private int indexOf(Object key) {
    return key instanceof String text ? Arrays.binarySearch(keys, text) : -1;
  }

  @Override
  public DecayedScore get(Object key) {
    int i = indexOf(key);
    return i >= 0 ? score(i) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Entry<String, DecayedScore>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, DecayedScore>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, DecayedScore> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            Entry<String, DecayedScore> entry = Map.entry(keys[next], score(next));
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
