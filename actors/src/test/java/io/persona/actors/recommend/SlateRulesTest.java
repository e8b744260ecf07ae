package io.persona.actors.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlateRulesTest {
  private static List<SlateSelection.Pick> picks(int... rows) {
    return java.util.Arrays.stream(rows).mapToObj(row -> new SlateSelection.Pick(row, 0.9, row == 3)).toList();
  }

  private static List<Integer> rows(List<SlateSelection.Pick> picks) {
    return picks.stream().map(SlateSelection.Pick::row).toList();
  }

  @Test
  void aPinnedItemTakesItsSlotAndTheOthersKeepTheirOrder() {
    List<SlateSelection.Pick> result = SlateRules.pinned(picks(10, 11, 12, 13), List.of(new SlateRules.Pin(99, 1)), 4);
    assertEquals(List.of(10, 99, 11, 12), rows(result), "the list keeps k items: the last one goes");
    assertEquals(new SlateSelection.Pick(99, 1.0, false), result.get(1), "a pinned slot is deterministic");
  }

  @Test
  void aPinnedItemTheSlatePickedMovesRatherThanAppearingTwice() {
    assertEquals(List.of(12, 10, 11, 13), rows(SlateRules.pinned(picks(10, 11, 12, 13),
        List.of(new SlateRules.Pin(12, 0)), 4)));
  }

  @Test
  void aPinnedItemAlreadyPickedStaysInTheListWhenItsSlotIsPastAShorterOne() {
    assertEquals(List.of(10, 11, 12), rows(SlateRules.pinned(picks(10, 12, 11), List.of(new SlateRules.Pin(12, 5)), 4)),
        "the list has 3 items: the pinned one takes the last place, not a fourth");
  }

  @Test
  void severalPinsAndSlotsPastTheList() {
    assertEquals(List.of(7, 10, 8, 11), rows(SlateRules.pinned(picks(10, 11, 12),
        List.of(new SlateRules.Pin(7, 0), new SlateRules.Pin(8, 2), new SlateRules.Pin(9, 6)), 4)),
        "a slot past k is not shown");
    assertEquals(List.of(10, 9), rows(SlateRules.pinned(picks(10), List.of(new SlateRules.Pin(9, 6)), 4)),
        "a slot past a shorter list: at its end");
    assertEquals(List.of(10, 11), rows(SlateRules.pinned(picks(10, 11), List.of(), 4)));
  }
}
