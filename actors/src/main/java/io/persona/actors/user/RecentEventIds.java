package io.persona.actors.user;

import io.persona.models.hashing.StableHash;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The ids (and content fingerprints) of a user's newest events, at most {@code capacity} of them, so
 * a redelivered event is recognised.
 *
 * <p>An id is held as its 64-bit hash ({@link #hashOf}): 8 bytes instead of the id's string (a UUID
 * is an 80-byte object), which is most of what the window cost per event (issue 16: heap per user).
 * Two ids of one user share a hash with odds of about n²/2⁶⁵ for a window of n (500: 7·10⁻¹⁵); if
 * they did, the newer event would be answered as a duplicate or refused as an id reused for other
 * content, never recorded twice. The hash is not keyed, so a producer could craft two such ids on
 * purpose, and lose its own event by it.
 *
 * <p>Immutable (the entity's state is), yet neither its memory nor the cost of remembering one more
 * id grows with the capacity: the ids sit in chunks of {@link #CHUNK}, oldest first; full chunks are
 * shared between copies and only the newest, open one is copied per event. A user with 20 events
 * holds 20 slots, not the window's 500 (issue 16: heap per user), and an event copies at most a
 * chunk, not the whole window. The oldest chunk may hold a few forgotten ids ({@code skip}) until the
 * whole chunk is dropped.
 */
public final class RecentEventIds {
  static final int CHUNK = 32;
  private static final long[][] NO_CHUNKS = new long[0][];
  private static final long[] NO_VALUES = new long[0];

  private final int capacity;
  /** Full chunks of id hashes, oldest first, each {@link #CHUNK} long; shared between copies, never written. */
  private final long[][] sealedIds;
  private final long[][] sealedFingerprints;
  /** The newest ids' hashes, fewer than {@link #CHUNK}; exactly as long as it is filled. */
  private final long[] openIds;
  private final long[] openFingerprints;
  /** How many of the oldest chunk's first ids are forgotten (0 when there is no full chunk). */
  private final int skip;
  private final int size;
  /**
   * Where the stored ring's next id goes: ids ever remembered modulo the capacity, so a snapshot is
   * written slot for slot as the fixed ring of the first releases wrote it.
   */
  private final int next;

  private RecentEventIds(int capacity, long[][] sealedIds, long[][] sealedFingerprints, long[] openIds,
                         long[] openFingerprints, int skip, int next) {
    this.capacity = capacity;
    this.sealedIds = sealedIds;
    this.sealedFingerprints = sealedFingerprints;
    this.openIds = openIds;
    this.openFingerprints = openFingerprints;
    this.skip = skip;
    this.size = sealedIds.length * CHUNK - skip + openIds.length;
    this.next = next;
  }

  public static RecentEventIds withCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    return new RecentEventIds(capacity, NO_CHUNKS, NO_CHUNKS, NO_VALUES, NO_VALUES, 0, 0);
  }

  /** How an event id is remembered: a fixed 64-bit hash of it (the same in every release and JVM). */
  static long hashOf(String eventId) {
    return StableHash.mix64(StableHash.fnv1a64(eventId));
  }

  /** The fingerprint recorded for {@code eventId}, if it is among the newest events. */
  public OptionalLong fingerprintOf(String eventId) {
    long id = hashOf(eventId);
    for (int i = openIds.length - 1; i >= 0; i--) {
      if (openIds[i] == id) {
        return OptionalLong.of(openFingerprints[i]);
      }
    }
    for (int c = sealedIds.length - 1; c >= 0; c--) {
      long[] ids = sealedIds[c];
      int first = c == 0 ? skip : 0;
      for (int i = CHUNK - 1; i >= first; i--) {
        if (ids[i] == id) {
          return OptionalLong.of(sealedFingerprints[c][i]);
        }
      }
    }
    return OptionalLong.empty();
  }

  /** A copy that also remembers {@code eventId}, forgetting the oldest when full. */
  public RecentEventIds plus(String eventId, long fingerprint) {
    return plusHash(hashOf(eventId), fingerprint);
  }

  private RecentEventIds plusHash(long idHash, long fingerprint) {
    long[] ids = Arrays.copyOf(openIds, openIds.length + 1);
    long[] fingerprints = Arrays.copyOf(openFingerprints, openFingerprints.length + 1);
    ids[ids.length - 1] = idHash;
    fingerprints[fingerprints.length - 1] = fingerprint;
    long[][] chunks = sealedIds;
    long[][] fingerprintChunks = sealedFingerprints;
    if (ids.length == CHUNK) {
      chunks = append(chunks, ids);
      fingerprintChunks = append(fingerprintChunks, fingerprints);
      ids = NO_VALUES;
      fingerprints = NO_VALUES;
    }
    int forgotten = skip;
    if (size + 1 > capacity) { // forget the oldest
      if (chunks.length > 0) {
        forgotten++;
        if (forgotten == CHUNK) {
          chunks = Arrays.copyOfRange(chunks, 1, chunks.length);
          fingerprintChunks = Arrays.copyOfRange(fingerprintChunks, 1, fingerprintChunks.length);
          forgotten = 0;
        }
      } else {
        ids = Arrays.copyOfRange(ids, 1, ids.length);
        fingerprints = Arrays.copyOfRange(fingerprints, 1, fingerprints.length);
      }
    }
    return new RecentEventIds(capacity, chunks, fingerprintChunks, ids, fingerprints, forgotten,
        (next + 1) % capacity);
  }

  private static long[][] append(long[][] chunks, long[] chunk) {
    long[][] longer = Arrays.copyOf(chunks, chunks.length + 1);
    longer[chunks.length] = chunk;
    return longer;
  }

  /** The same ids in a window of another size (the newest kept), after a configuration change. */
  public RecentEventIds resized(int newCapacity) {
    if (newCapacity == capacity) {
      return this;
    }
    RecentEventIds resized = withCapacity(newCapacity);
    long[] ids = idsOldestFirst();
    long[] fingerprints = fingerprintsOldestFirst();
    for (int i = Math.max(0, ids.length - newCapacity); i < ids.length; i++) {
      resized = resized.plusHash(ids[i], fingerprints[i]);
    }
    return resized;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  private long[] idsOldestFirst() {
    long[] all = new long[size];
    copyOldestFirst(sealedIds, openIds, openIds.length, all);
    return all;
  }

  private long[] fingerprintsOldestFirst() {
    long[] all = new long[size];
    copyOldestFirst(sealedFingerprints, openFingerprints, openFingerprints.length, all);
    return all;
  }

  /** Copies the full chunks (the oldest from {@code skip} on), then the open one, into {@code into}. */
  private void copyOldestFirst(Object[] chunks, Object open, int openLength, Object into) {
    int n = 0;
    for (int c = 0; c < chunks.length; c++) {
      int first = c == 0 ? skip : 0;
      System.arraycopy(chunks[c], first, into, n, CHUNK - first);
      n += CHUNK - first;
    }
    System.arraycopy(open, 0, into, n, openLength);
  }

  // ---- the ring as stored (RecentEventIdsFormat) ----
  // The stored format is the fixed ring of the first releases (capacity slots, the next slot to
  // write, how many are filled), its ids as their hashes since format version 3.

  /** A ring as it was stored: its slots' id hashes, the next slot to write, and how many are filled. */
  static RecentEventIds restore(long[] ids, long[] fingerprints, int next, int size) {
    if (ids.length < 1 || ids.length != fingerprints.length || next < 0 || next >= ids.length
        || size < 0 || size > ids.length) {
      throw new IllegalArgumentException("not a stored ring: " + ids.length + " ids, " + fingerprints.length
          + " fingerprints, next " + next + ", size " + size);
    }
    RecentEventIds restored = withCapacity(ids.length);
    for (int age = size - 1; age >= 0; age--) {
      int slot = Math.floorMod(next - 1 - age, ids.length);
      restored = restored.plusHash(ids[slot], fingerprints[slot]);
    }
    return new RecentEventIds(restored.capacity, restored.sealedIds, restored.sealedFingerprints, restored.openIds,
        restored.openFingerprints, restored.skip, next);
  }

  /** The stored ring's slots (id hashes): the newest just before {@link #nextSlot}, older ones before it. */
  long[] slotIds() {
    long[] slots = new long[capacity];
    long[] ids = idsOldestFirst();
    for (int i = 0; i < ids.length; i++) {
      slots[slotOf(i)] = ids[i];
    }
    return slots;
  }

  long[] slotFingerprints() {
    long[] slots = new long[capacity];
    long[] fingerprints = fingerprintsOldestFirst();
    for (int i = 0; i < fingerprints.length; i++) {
      slots[slotOf(i)] = fingerprints[i];
    }
    return slots;
  }

  /** The slot of the {@code i}-th id, oldest first. */
  private int slotOf(int i) {
    return Math.floorMod(next - size + i, capacity);
  }

  int nextSlot() {
    return next;
  }
}
