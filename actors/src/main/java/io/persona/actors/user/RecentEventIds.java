package io.persona.actors.user;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The ids (and content fingerprints) of a user's newest events, so a redelivered event is
 * recognised. A fixed-size ring: copy-on-write of two small arrays per event keeps the entity
 * state immutable without copying a collection of strings.
 */
public final class RecentEventIds {
  private final String[] ids;
  private final long[] fingerprints;
  private final int next;
  private final int size;

  private RecentEventIds(String[] ids, long[] fingerprints, int next, int size) {
    this.ids = ids;
    this.fingerprints = fingerprints;
    this.next = next;
    this.size = size;
  }

  public static RecentEventIds withCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    return new RecentEventIds(new String[capacity], new long[capacity], 0, 0);
  }

  /** The fingerprint recorded for {@code eventId}, if it is among the newest events. */
  public OptionalLong fingerprintOf(String eventId) {
    for (int i = 0; i < size; i++) {
      if (eventId.equals(ids[i])) {
        return OptionalLong.of(fingerprints[i]);
      }
    }
    return OptionalLong.empty();
  }

  /** A copy that also remembers {@code eventId}, forgetting the oldest when full. */
  public RecentEventIds plus(String eventId, long fingerprint) {
    String[] nextIds = Arrays.copyOf(ids, ids.length);
    long[] nextFingerprints = Arrays.copyOf(fingerprints, fingerprints.length);
    nextIds[next] = eventId;
    nextFingerprints[next] = fingerprint;
    return new RecentEventIds(nextIds, nextFingerprints, (next + 1) % ids.length, Math.min(size + 1, ids.length));
  }

  /** The same ids in a window of another size (the newest kept), after a configuration change. */
  public RecentEventIds resized(int capacity) {
    if (capacity == ids.length) {
      return this;
    }
    RecentEventIds resized = withCapacity(capacity);
    for (int age = Math.min(size, capacity) - 1; age >= 0; age--) {
      int slot = Math.floorMod(next - 1 - age, ids.length);
      resized = resized.plus(ids[slot], fingerprints[slot]);
    }
    return resized;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return ids.length;
  }

  // ---- the ring as stored (RecentEventIdsFormat) ----

  /** A ring as it was stored: its slots, the next slot to write, and how many are filled. */
  static RecentEventIds restore(String[] ids, long[] fingerprints, int next, int size) {
    if (ids.length < 1 || ids.length != fingerprints.length || next < 0 || next >= ids.length
        || size < 0 || size > ids.length) {
      throw new IllegalArgumentException("not a stored ring: " + ids.length + " ids, " + fingerprints.length
          + " fingerprints, next " + next + ", size " + size);
    }
    return new RecentEventIds(ids.clone(), fingerprints.clone(), next, size);
  }

  String[] slotIds() {
    return ids.clone();
  }

  long[] slotFingerprints() {
    return fingerprints.clone();
  }

  int nextSlot() {
    return next;
  }
}
