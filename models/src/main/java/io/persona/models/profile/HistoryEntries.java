package io.persona.models.profile;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A profile's recent history, newest first, held as columns: the three shared strings
 * ({@link SharedStrings}) of each
 * entry and its timestamp as epoch milliseconds (plus the nanoseconds within the millisecond, kept
 * only when some timestamp has them). About 20 bytes an entry instead of ~60 for a
 * {@link HistoryEntry} and its {@link Instant} (issue 16, heap per user). Immutable; an entry is
 * made when it is read, which only a recommendation or a profile request does.
 */
public final class HistoryEntries extends AbstractList<HistoryEntry> implements RandomAccess {
  public static final HistoryEntries EMPTY = new HistoryEntries(new String[0], new long[0], null);

  /** itemId, type and category of entry i at 3i, 3i+1 and 3i+2: one array instead of three. */
  private final String[] strings;
  private final long[] millis;
  /** Nanoseconds within each millisecond; null when every one is 0 (timestamps sent in ms). */
  private final int[] subMillisNanos;

  private HistoryEntries(String[] strings, long[] millis, int[] subMillisNanos) {
    this.strings = strings;
    this.millis = millis;
    this.subMillisNanos = subMillisNanos;
  }

  /** {@code entries} in this form, in their order; the same instance when they already are. */
  public static HistoryEntries of(List<HistoryEntry> entries) {
    if (entries instanceof HistoryEntries compact) {
      return compact;
    }
    if (entries.isEmpty()) {
      return EMPTY;
    }
    int size = entries.size();
    String[] strings = new String[size * 3];
    long[] millis = new long[size];
    int[] nanos = new int[size];
    boolean anyNanos = false;
    for (int i = 0; i < size; i++) {
      HistoryEntry entry = entries.get(i);
      strings[3 * i] = SharedStrings.of(entry.itemId());
      strings[3 * i + 1] = SharedStrings.of(entry.type());
      strings[3 * i + 2] = SharedStrings.of(entry.category());
      millis[i] = entry.timestamp().toEpochMilli();
      nanos[i] = entry.timestamp().getNano() % 1_000_000;
      anyNanos |= nanos[i] != 0;
    }
    return new HistoryEntries(strings, millis, anyNanos ? nanos : null);
  }

  /**
   * This history with {@code entry} in timestamp order (before entries of the same time: the
   * newest arrival first), then cut to {@code limit} entries. A late entry never pushes out one
   * newer than itself. The entry's strings must be the shared instances already (the profile made
   * them so, once per event).
   */
  HistoryEntries with(HistoryEntry entry, int limit) {
    int size = size();
    int at = 0;
    while (at < size && compare(at, entry.timestamp()) > 0) {
      at++;
    }
    if (at >= limit) {
      return size <= limit ? this : first(limit); // older than every entry a full history keeps
    }
    int nextSize = Math.min(size + 1, limit);
    String[] nextStrings = new String[nextSize * 3];
    long[] nextMillis = new long[nextSize];
    int nanos = entry.timestamp().getNano() % 1_000_000;
    int[] nextNanos = subMillisNanos != null || nanos != 0 ? new int[nextSize] : null;
    int before = at;
    int after = nextSize - at - 1;
    System.arraycopy(strings, 0, nextStrings, 0, 3 * before);
    System.arraycopy(strings, 3 * at, nextStrings, 3 * (at + 1), 3 * after);
    System.arraycopy(millis, 0, nextMillis, 0, before);
    System.arraycopy(millis, at, nextMillis, at + 1, after);
    if (nextNanos != null && subMillisNanos != null) {
      System.arraycopy(subMillisNanos, 0, nextNanos, 0, before);
      System.arraycopy(subMillisNanos, at, nextNanos, at + 1, after);
    }
    nextStrings[3 * at] = entry.itemId();
    nextStrings[3 * at + 1] = entry.type();
    nextStrings[3 * at + 2] = entry.category();
    nextMillis[at] = entry.timestamp().toEpochMilli();
    if (nextNanos != null) {
      nextNanos[at] = nanos;
    }
    return new HistoryEntries(nextStrings, nextMillis, nextNanos);
  }

  private HistoryEntries first(int count) {
    return new HistoryEntries(Arrays.copyOf(strings, 3 * count), Arrays.copyOf(millis, count),
        subMillisNanos == null ? null : Arrays.copyOf(subMillisNanos, count));
  }

  /** Entry {@code i}'s time against {@code timestamp}, as {@link Instant#compareTo}. */
  private int compare(int i, Instant timestamp) {
    int byMillis = Long.compare(millis[i], timestamp.toEpochMilli());
    return byMillis != 0 ? byMillis : Integer.compare(nanosOf(i), timestamp.getNano() % 1_000_000);
  }

  private int nanosOf(int i) {
    return subMillisNanos == null ? 0 : subMillisNanos[i];
  }

  /** Entry {@code i}'s item id, without making the entry. */
  public String itemIdAt(int i) {
    return strings[3 * checked(i)];
  }

  @Override
  public HistoryEntry get(int i) {
    checked(i);
    Instant timestamp = Instant.ofEpochMilli(millis[i]).plusNanos(nanosOf(i));
    return new HistoryEntry(strings[3 * i], strings[3 * i + 1], strings[3 * i + 2], timestamp);
  }

  private int checked(int i) {
    if (i < 0 || i >= millis.length) {
      throw new IndexOutOfBoundsException("entry " + i + " of " + millis.length);
    }
    return i;
  }

  @Override
  public int size() {
    return millis.length;
  }

  @Override
  public String toString() {
    return "HistoryEntries" + Arrays.toString(toArray());
  }
}
