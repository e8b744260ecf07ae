package io.persona.actors.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

  /** Remembers {@code ids} in order, each with fingerprint = its index + 100. */
  private static RecentEventIds withIds(int capacity, String... ids) {
    RecentEventIds recent = RecentEventIds.withCapacity(capacity);
    for (int i = 0; i < ids.length; i++) {
      recent = recent.plus(ids[i], fingerprint(i));
    }
    return recent;
  }

  private static long fingerprint(int index) {
    return 100 + index;
  }

  private static void assertKnown(RecentEventIds recent, List<String> known, List<String> allIds) {
    for (int i = 0; i < allIds.size(); i++) {
      String id = allIds.get(i);
      if (known.contains(id)) {
        assertEquals(OptionalLong.of(fingerprint(i)), recent.fingerprintOf(id), id);
      } else {
        assertEquals(OptionalLong.empty(), recent.fingerprintOf(id), id);
      }
    }
  }

  @Test
  void capacityMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> RecentEventIds.withCapacity(0));
    assertThrows(IllegalArgumentException.class, () -> RecentEventIds.withCapacity(-1));
  }

  @Test
  void anEmptyWindowKnowsNoId() {
    RecentEventIds recent = RecentEventIds.withCapacity(4);
    assertEquals(0, recent.size());
    assertEquals(4, recent.capacity());
    assertFalse(recent.fingerprintOf("e1").isPresent());
  }

  @Test
  void plusRemembersTheFingerprintOfEachId() {
    RecentEventIds recent = RecentEventIds.withCapacity(4).plus("e1", 11L).plus("e2", -22L);
    assertEquals(OptionalLong.of(11L), recent.fingerprintOf("e1"));
    assertEquals(OptionalLong.of(-22L), recent.fingerprintOf("e2"));
    assertEquals(OptionalLong.empty(), recent.fingerprintOf("e3"));
    assertEquals(2, recent.size());
    assertEquals(4, recent.capacity());
  }

  @Test
  void aZeroFingerprintIsNotMistakenForAnEmptySlot() {
    RecentEventIds recent = RecentEventIds.withCapacity(3).plus("zero", 0L);
    assertEquals(OptionalLong.of(0L), recent.fingerprintOf("zero"));
    assertEquals(OptionalLong.empty(), recent.fingerprintOf("other"));
  }

  @Test
  void plusReturnsACopyAndLeavesTheOriginalUnchanged() {
    RecentEventIds one = RecentEventIds.withCapacity(2).plus("e1", 1L);
    RecentEventIds two = one.plus("e2", 2L);
    RecentEventIds three = two.plus("e3", 3L); // overwrites e1's slot in the copy only

    assertEquals(1, one.size());
    assertEquals(OptionalLong.empty(), one.fingerprintOf("e2"));
    assertEquals(OptionalLong.of(1L), two.fingerprintOf("e1"));
    assertEquals(OptionalLong.of(2L), two.fingerprintOf("e2"));
    assertEquals(OptionalLong.empty(), three.fingerprintOf("e1"));
  }

  @Test
  void whenFullTheOldestIdIsOverwrittenFirst() {
    List<String> all = List.of("a", "b", "c", "d", "e");
    RecentEventIds recent = withIds(3, "a", "b", "c");
    assertKnown(recent, List.of("a", "b", "c"), all);
    assertEquals(3, recent.size());

    recent = withIds(3, "a", "b", "c", "d");
    assertKnown(recent, List.of("b", "c", "d"), all);
    assertEquals(3, recent.size());

    recent = withIds(3, "a", "b", "c", "d", "e");
    assertKnown(recent, List.of("c", "d", "e"), all);
    assertEquals(3, recent.size());
    assertEquals(3, recent.capacity());
  }

  @Test
  void theRingWrapsAroundManyTimes() {
    RecentEventIds recent = RecentEventIds.withCapacity(3);
    for (int i = 0; i < 100; i++) {
      recent = recent.plus("e" + i, i);
    }
    assertEquals(3, recent.size());
    assertEquals(OptionalLong.of(99), recent.fingerprintOf("e99"));
    assertEquals(OptionalLong.of(98), recent.fingerprintOf("e98"));
    assertEquals(OptionalLong.of(97), recent.fingerprintOf("e97"));
    assertEquals(OptionalLong.empty(), recent.fingerprintOf("e96"));
    assertEquals(OptionalLong.empty(), recent.fingerprintOf("e0"));
  }

  @Test
  void resizedToTheSameCapacityIsTheSameWindow() {
    RecentEventIds recent = withIds(3, "a", "b");
    assertSame(recent, recent.resized(3));
  }

  @Test
  void resizedToAnInvalidCapacityFails() {
    assertThrows(IllegalArgumentException.class, () -> withIds(3, "a").resized(0));
  }

  @Test
  void resizedSmallerKeepsTheNewestIds() {
    List<String> all = List.of("a", "b", "c", "d", "e", "f");
    RecentEventIds smaller = withIds(5, "a", "b", "c", "d", "e").resized(2);
    assertEquals(2, smaller.capacity());
    assertEquals(2, smaller.size());
    assertKnown(smaller, List.of("d", "e"), all);

    // the kept ids are still in age order: the next id evicts d, the older of the two
    smaller = smaller.plus("f", fingerprint(5));
    assertKnown(smaller, List.of("e", "f"), all);
  }

  @Test
  void resizedSmallerAfterTheRingWrappedKeepsTheNewestIds() {
    List<String> all = List.of("a", "b", "c", "d", "e", "f", "g");
    // capacity 4 holding b..f (wrapped: f sits in a's old slot)
    RecentEventIds wrapped = withIds(4, "a", "b", "c", "d", "e", "f");
    RecentEventIds smaller = wrapped.resized(3);
    assertEquals(3, smaller.size());
    assertKnown(smaller, List.of("d", "e", "f"), all);

    smaller = smaller.plus("g", fingerprint(6));
    assertKnown(smaller, List.of("e", "f", "g"), all);
  }

  @Test
  void resizedSmallerThanTheNumberOfIdsHeldButNotFull() {
    List<String> all = List.of("a", "b", "c");
    RecentEventIds smaller = withIds(10, "a", "b", "c").resized(2);
    assertEquals(2, smaller.size());
    assertKnown(smaller, List.of("b", "c"), all);
  }

  @Test
  void resizedLargerKeepsEveryIdAndMakesRoomForMore() {
    List<String> all = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    RecentEventIds wrapped = withIds(3, "a", "b", "c", "d", "e"); // holds c, d, e
    RecentEventIds larger = wrapped.resized(5);
    assertEquals(5, larger.capacity());
    assertEquals(3, larger.size());
    assertKnown(larger, List.of("c", "d", "e"), all);

    larger = larger.plus("f", fingerprint(5)).plus("g", fingerprint(6));
    assertEquals(5, larger.size());
    assertKnown(larger, List.of("c", "d", "e", "f", "g"), all);

    // full again: the oldest kept id (c) goes first
    larger = larger.plus("h", fingerprint(7));
    assertKnown(larger, List.of("d", "e", "f", "g", "h"), all);
    assertTrue(larger.fingerprintOf("c").isEmpty());
  }

  @Test
  void aWindowWiderThanAChunkRemembersExactlyTheNewestIds() {
    for (int capacity : new int[] {1, 31, 32, 33, 64, 100, 500}) {
      RecentEventIds recent = RecentEventIds.withCapacity(capacity);
      for (int i = 0; i < 1_000; i++) {
        recent = recent.plus("e" + i, i);
        int held = Math.min(i + 1, capacity);
        assertEquals(held, recent.size(), "capacity " + capacity + " after " + (i + 1));
        assertEquals(OptionalLong.of(i), recent.fingerprintOf("e" + i));
        assertEquals(OptionalLong.of(i + 1 - held), recent.fingerprintOf("e" + (i + 1 - held)), "the oldest held");
        if (i + 1 > capacity) {
          assertEquals(OptionalLong.empty(), recent.fingerprintOf("e" + (i - capacity)), "the newest forgotten");
        }
      }
    }
  }

  @Test
  void aCopyKeepsItsIdsWhileLaterCopiesForgetThemAndShareTheRest() {
    RecentEventIds recent = RecentEventIds.withCapacity(100);
    for (int i = 0; i < 150; i++) {
      recent = recent.plus("e" + i, i);
    }
    RecentEventIds kept = recent;
    for (int i = 150; i < 400; i++) {
      recent = recent.plus("e" + i, i);
    }
    for (int i = 50; i < 150; i++) {
      assertEquals(OptionalLong.of(i), kept.fingerprintOf("e" + i));
      assertEquals(OptionalLong.empty(), recent.fingerprintOf("e" + i));
    }
    assertEquals(OptionalLong.empty(), kept.fingerprintOf("e150"));
  }

  /**
   * The stored slots are the fixed ring's of the first releases, slot for slot (each id as its hash
   * since format version 3), so a restored window forgets exactly what the stored one would have:
   * checked against that ring, written out here, over every capacity around a chunk and many
   * lengths, resized windows included.
   */
  @Test
  void theStoredRingIsTheFixedRingOfTheFirstReleasesSlotForSlot() {
    for (int capacity : new int[] {1, 2, 3, 31, 32, 33, 65, 500}) {
      RecentEventIds recent = RecentEventIds.withCapacity(capacity);
      FixedRing ring = new FixedRing(capacity);
      for (int i = 0; i < 1_200; i++) {
        recent = recent.plus("e" + i, 7L * i);
        ring.plus("e" + i, 7L * i);
        if (i % 37 == 0 || i < 70) {
          assertArrayEquals(hashes(ring.ids), recent.slotIds(), "capacity " + capacity + " after " + (i + 1));
          assertArrayEquals(ring.fingerprints, recent.slotFingerprints());
          assertEquals(ring.next, recent.nextSlot());
          assertEquals(ring.size, recent.size());
        }
      }
      RecentEventIds restored = RecentEventIds.restore(hashes(ring.ids), ring.fingerprints, ring.next, ring.size);
      assertArrayEquals(hashes(ring.ids), restored.slotIds());
      assertEquals(ring.next, restored.nextSlot());
      RecentEventIds grown = restored.plus("after", 1L);
      ring.plus("after", 1L);
      assertArrayEquals(hashes(ring.ids), grown.slotIds(), "a restored ring goes on where the stored one stopped");
      assertEquals(ring.next, grown.nextSlot());
      for (int newCapacity : new int[] {1, 40, 600}) {
        FixedRing resizedRing = ring.resized(newCapacity);
        RecentEventIds resized = grown.resized(newCapacity);
        assertArrayEquals(hashes(resizedRing.ids), resized.slotIds(), "resized " + capacity + " -> " + newCapacity);
        assertEquals(resizedRing.next, resized.nextSlot());
      }
    }
  }

  /** The stored slots as the ring holds them since format version 3: each id's hash, 0 for an empty slot. */
  private static long[] hashes(String[] ids) {
    return Arrays.stream(ids).mapToLong(id -> id == null ? 0 : RecentEventIds.hashOf(id)).toArray();
  }

  /** A ring stored before version 3 held its ids as strings; it reads as the same window. */
  @Test
  void aRingStoredWithItsIdsAsStringsReadsAsTheSameWindow() {
    FixedRing ring = new FixedRing(40);
    RecentEventIds expected = RecentEventIds.withCapacity(40);
    for (int i = 0; i < 75; i++) {
      ring.plus("e" + i, 3L * i);
      expected = expected.plus("e" + i, 3L * i);
    }
    io.persona.actors.serialization.StoredFields version2 = io.persona.actors.serialization.StoredFields.empty(2)
        .with(1, ring.ids).with(2, ring.fingerprints).with(3, ring.next).with(4, ring.size);
    RecentEventIds read = new RecentEventIdsFormat().readAnyVersion(version2);
    assertArrayEquals(expected.slotIds(), read.slotIds());
    assertEquals(expected.nextSlot(), read.nextSlot());
    for (int i = 0; i < 75; i++) {
      assertEquals(expected.fingerprintOf("e" + i), read.fingerprintOf("e" + i), "e" + i);
    }
    assertEquals(OptionalLong.of(3L * 74), read.fingerprintOf("e74"));
    assertEquals(OptionalLong.empty(), read.fingerprintOf("e34"), "forgotten before it was stored");
  }

  /** The first releases' ring: capacity slots written in turn. */
  private static final class FixedRing {
    final String[] ids;
    final long[] fingerprints;
    int next;
    int size;

    FixedRing(int capacity) {
      ids = new String[capacity];
      fingerprints = new long[capacity];
    }

    void plus(String id, long fingerprint) {
      ids[next] = id;
      fingerprints[next] = fingerprint;
      next = (next + 1) % ids.length;
      size = Math.min(size + 1, ids.length);
    }

    FixedRing resized(int capacity) {
      FixedRing resized = new FixedRing(capacity);
      List<Integer> slots = new ArrayList<>();
      for (int age = Math.min(size, capacity) - 1; age >= 0; age--) {
        slots.add(Math.floorMod(next - 1 - age, ids.length));
      }
      slots.forEach(slot -> resized.plus(ids[slot], fingerprints[slot]));
      return resized;
    }
  }

  private static void assertArrayEquals(Object expected, Object actual, String... message) {
    String text = message.length == 0 ? "" : message[0];
    if (expected instanceof String[] e) {
      assertEquals(Arrays.asList(e), Arrays.asList((String[]) actual), text);
    } else {
      assertEquals(Arrays.toString((long[]) expected), Arrays.toString((long[]) actual), text);
    }
  }
}
