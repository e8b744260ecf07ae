package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractedItemsTest {

  @Test
  void holdsWhatWasAddedAndNothingElse() {
    InteractedItems items = InteractedItems.NONE.with("Mug / blue").with("Home & Garden").with("item-3");
    assertTrue(items.contains("Mug / blue"));
    assertTrue(items.contains("Home & Garden"));
    assertTrue(items.contains("item-3"));
    assertFalse(items.contains("item-4"));
    assertFalse(items.contains("mug / blue"));
    assertEquals(3, items.size());
  }

  @Test
  void addingAKnownItemChangesNothing() {
    InteractedItems items = InteractedItems.NONE.with("a");
    assertSame(items, items.with("a"));
  }

  @Test
  void theOrderOfAdditionDoesNotMatter() {
    assertEquals(InteractedItems.NONE.with("a").with("b").with("c"), InteractedItems.NONE.with("c").with("a").with("b"));
    assertEquals(InteractedItems.NONE.with("a").with("b"), InteractedItems.of(List.of("b", "a", "b")));
  }

  @Test
  void aFullSetTakesNoMoreItems() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < InteractedItems.CAPACITY; i++) {
      ids.add("item-" + i);
    }
    InteractedItems full = InteractedItems.of(ids);
    assertEquals(InteractedItems.CAPACITY, full.size());
    assertSame(full, full.with("one-more"));
    assertFalse(full.with("one-more").contains("one-more"));
  }

  @Test
  void storedHashesMustBeSortedAndDistinct() {
    assertThrows(IllegalArgumentException.class, () -> new InteractedItems(new long[] {3, 1}));
    assertThrows(IllegalArgumentException.class, () -> new InteractedItems(new long[] {1, 1}));
    assertEquals(0, new InteractedItems(null).size(), "absent in stored bytes: empty");
  }
}
