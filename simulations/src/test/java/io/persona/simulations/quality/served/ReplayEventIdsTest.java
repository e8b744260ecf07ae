package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayEventIdsTest {

  @Test
  void uuidIdsAreTheSameForTheSameEventAndSortInNoOrderOfTheEvents() {
    List<String> ids = IntStream.range(0, 100).mapToObj(n -> ReplayJson.eventId(n, true)).toList();
    assertEquals(ids, IntStream.range(0, 100).mapToObj(n -> ReplayJson.eventId(n, true)).toList(),
        "a resent event keeps its id");
    assertEquals(100, ids.stream().distinct().count());
    ids.forEach(id -> UUID.fromString(id)); // a UUID, not replay-N
    List<String> firstTen = new ArrayList<>(ids.subList(0, 10));
    firstTen.sort(null);
    assertNotEquals(ids.subList(0, 10), firstTen, "the ids must not tell the order the events were sent in "
        + "(replay-0 to replay-9 would)");
    assertEquals("replay-7", ReplayJson.eventId(7, false));
  }

  @Test
  void theIdsAreChosenOnTheCommandLine() {
    assertEquals(ServedOptions.IDS_SEQUENTIAL, ServedOptions.parse().eventIds());
    assertEquals(ServedOptions.IDS_UUID, ServedOptions.parse("--event-ids", "uuid").eventIds());
    assertThrows(IllegalArgumentException.class, () -> ServedOptions.parse("--event-ids", "random"));
  }
}
