package io.persona.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void missingTitleTagsAndAttributesBecomeEmpty() {
    Item item = new Item("sku-1", null, "books", null, null, true, CREATED);

    assertEquals("", item.title());
    assertEquals(List.of(), item.tags());
    assertEquals(Map.of(), item.attributes());
  }

  @Test
  void tagsAndAttributesAreCopied() {
    List<String> tags = new ArrayList<>(List.of("a"));
    Map<String, String> attributes = new HashMap<>(Map.of("k", "v"));
    Item item = new Item("sku-1", "t", "books", tags, attributes, true, CREATED);

    tags.add("b");
    attributes.put("k2", "v2");

    assertEquals(List.of("a"), item.tags());
    assertEquals(Map.of("k", "v"), item.attributes());
  }

  @Test
  void itemIdCategoryAndCreatedAreRequired() {
    assertThrows(NullPointerException.class, () -> new Item(null, "t", "books", null, null, true, CREATED));
    assertThrows(NullPointerException.class, () -> new Item("sku-1", "t", null, null, null, true, CREATED));
    assertThrows(NullPointerException.class, () -> new Item("sku-1", "t", "books", null, null, true, null));
  }
}
