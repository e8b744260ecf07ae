package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SharedIdsTest {
  private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

  /** A new string each time, as a driver decoding a row makes it. */
  private static String fresh(String id) {
    return new String(id.toCharArray());
  }

  @Test
  void equalIdsOfOneReadAreOneInstance_theEventsAreUnchanged() {
    SharedIds ids = new SharedIds();
    HistoryEvent first = ids.event("e1", fresh("u1"), fresh("mug"), fresh("purchase"), 2.0, T);
    HistoryEvent second = ids.event("e2", fresh("u1"), fresh("mug"), fresh("purchase"), null, T.plusSeconds(1));
    HistoryEvent other = ids.event("e3", fresh("u2"), fresh("mug"), fresh("view"), null, T.plusSeconds(2));

    assertSame(first.userId(), second.userId());
    assertSame(first.itemId(), second.itemId());
    assertSame(first.itemId(), other.itemId());
    assertSame(first.type(), second.type());
    assertEquals(new HistoryEvent("e1", "u1", "mug", "purchase", 2.0, T), first);
    assertEquals(new HistoryEvent("e3", "u2", "mug", "view", null, T.plusSeconds(2)), other);
  }
}
