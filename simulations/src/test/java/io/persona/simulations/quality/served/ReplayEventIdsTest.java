package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayEventIdsTest {

  @Test
  void uuidIdsAreTheSameForTheSameEventAndSortInNoOrderOfTheEvents() {
    List<String> ids = IntStream.range(0, 100).mapToObj(n -> ReplayJson.eventId(n, true)).toList();
    assertEquals(ids, IntStream.range(0, 100).mapToObj(n -> ReplayJson.eventId(n, true)).toList(),
        "a resent event keeps its id");
    assertEquals(100, ids.stream().distinct().count());
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    assertNotEquals(ids, sorted, "the ids must not tell the order the events were sent in");
    assertEquals("replay-7", ReplayJson.eventId(7, false));
  }

  @Test
  void theIdsAreChosenOnTheCommandLine() {
    assertEquals(ServedOptions.IDS_SEQUENTIAL, ServedOptions.parse().eventIds());
    assertEquals(ServedOptions.IDS_UUID, ServedOptions.parse("--event-ids", "uuid").eventIds());
    assertThrows(IllegalArgumentException.class, () -> ServedOptions.parse("--event-ids", "random"));
  }
}
