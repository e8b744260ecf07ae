package io.persona.models.profile;

import io.persona.models.hashing.StableHash;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.LongStream;

/**
 * The items a user has had an event with that the profile's item affinities no longer hold, for
 * {@code seen=exclude}: the affinities keep only the strongest items (a disliked or long-ago item
 * drops out and would be recommended again), so with them this set names every item the user had an
 * event with (a profile stored before stop 37 holds every item here). Held as sorted 64-bit hashes of the item ids, 8 bytes an
 * item; two ids share a hash with odds of about n²/2⁶⁵, so a wrongly excluded item is practically
 * impossible. With the affinities, at most {@link #CAPACITY} items: beyond that the items with the
 * largest hashes are forgotten (such a user is a crawler or a reseller, and their newest items are
 * still excluded by the affinities and the history).
 */
public record InteractedItems(long[] hashes) {
  public static final int CAPACITY = 20_000;
  public static final InteractedItems NONE = new InteractedItems(new long[0]);

  public InteractedItems {
    hashes = hashes == null ? new long[0] : hashes;
    for (int i = 1; i < hashes.length; i++) {
      if (hashes[i - 1] >= hashes[i]) {
        throw new IllegalArgumentException("hashes must be sorted and distinct");
      }
    }
  }

  /** The items of {@code itemIds}, e.g. what an older stored profile knew (its affinities and history). */
  public static InteractedItems of(Collection<String> itemIds) {
    long[] hashes = itemIds.stream().mapToLong(InteractedItems::hash).sorted().distinct().toArray();
    return new InteractedItems(hashes.length > CAPACITY ? Arrays.copyOf(hashes, CAPACITY) : hashes);
  }

  /** This set's {@code count} smallest hashes; the same instance when it holds no more. */
  public InteractedItems atMost(int count) {
    return hashes.length <= count ? this : new InteractedItems(Arrays.copyOf(hashes, count));
  }

  /** This set without {@code itemId}; the same instance when it is not in. */
  public InteractedItems without(String itemId) {
    int at = hashes.length == 0 || itemId == null ? -1 : Arrays.binarySearch(hashes, hash(itemId));
    if (at < 0) {
      return this;
    }
    long[] next = new long[hashes.length - 1];
    System.arraycopy(hashes, 0, next, 0, at);
    System.arraycopy(hashes, at + 1, next, at, next.length - at);
    return new InteractedItems(next);
  }

  /** This set with every one of {@code itemIds} (up to the capacity: the smallest hashes are kept). */
  public InteractedItems withAll(Collection<String> itemIds) {
    if (itemIds.isEmpty()) {
      return this;
    }
    long[] added = itemIds.stream().mapToLong(InteractedItems::hash).toArray();
    long[] all = LongStream.concat(Arrays.stream(hashes), Arrays.stream(added))
        .sorted().distinct().toArray();
    return new InteractedItems(all.length > CAPACITY ? Arrays.copyOf(all, CAPACITY) : all);
  }

  /** This set without any of {@code itemIds}; the same instance when it holds none of them. */
  public InteractedItems withoutAll(Collection<String> itemIds) {
    if (hashes.length == 0 || itemIds.isEmpty()) {
      return this;
    }
    long[] removed = itemIds.stream().mapToLong(InteractedItems::hash).sorted().toArray();
    long[] kept = Arrays.stream(hashes).filter(hash -> Arrays.binarySearch(removed, hash) < 0).toArray();
    return kept.length == hashes.length ? this : new InteractedItems(kept);
  }

  public boolean contains(String itemId) {
    return Arrays.binarySearch(hashes, hash(itemId)) >= 0;
  }

  /** This set with {@code itemId}; the same instance when it is already in, the set is full, or the id is null. */
  public InteractedItems with(String itemId) {
    if (itemId == null) {
      return this;
    }
    long hash = hash(itemId);
    int at = Arrays.binarySearch(hashes, hash);
    if (at >= 0 || hashes.length >= CAPACITY) {
      return this;
    }
    int insert = -at - 1;
    long[] next = new long[hashes.length + 1];
    System.arraycopy(hashes, 0, next, 0, insert);
    next[insert] = hash;
    System.arraycopy(hashes, insert, next, insert + 1, hashes.length - insert);
    return new InteractedItems(next);
  }

  public int size() {
    return hashes.length;
  }

  @Override
  public long[] hashes() {
    return hashes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InteractedItems that && Arrays.equals(hashes, that.hashes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "InteractedItems[" + hashes.length + " items]";
  }

  private static long hash(String itemId) {
    return StableHash.mix64(StableHash.fnv1a64(itemId));
  }
}
