package io.persona.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.validation.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemRulesTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

  private static Item item(String itemId, String category, String title, List<String> tags,
      Map<String, String> attributes) {
    return new Item(itemId, title, category, tags, attributes, true, CREATED);
  }

  private static Item valid() {
    return item("sku-1", "books", "A Book", List.of("fiction", "new"), Map.of("author", "Someone"));
  }

  private static List<String> errorFields(Item item) {
    return ItemRules.check(item).stream().map(FieldError::field).toList();
  }

  private static List<String> tags(int n) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tags.add("t" + i);
    }
    return tags;
  }

  private static Map<String, String> attributes(int n) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("k" + i, "v");
    }
    return m;
  }

  @Test
  void validItemHasNoErrors() {
    assertEquals(List.of(), ItemRules.check(valid()));
  }

  @Test
  void badItemIdIsReportedUnderItemId() {
    assertEquals(List.of("itemId"), errorFields(item("bad\nid", "books", "", null, null)));
  }

  @Test
  void badCategoryIsReportedUnderCategory() {
    assertEquals(List.of("category"), errorFields(item("sku-1", "", "", null, null)));
  }

  @Test
  void titleOf512CharsIsAcceptedAnd513Refused() {
    assertEquals(List.of(), errorFields(item("sku-1", "books", "t".repeat(512), null, null)));
    assertEquals(List.of("title"), errorFields(item("sku-1", "books", "t".repeat(513), null, null)));
  }

  @Test
  void sixtyFourTagsAreAcceptedAndSixtyFiveRefused() {
    assertEquals(List.of(), errorFields(item("sku-1", "books", "", tags(64), null)));
    assertEquals(List.of("tags"), errorFields(item("sku-1", "books", "", tags(65), null)));
  }

  @Test
  void emptyTagIsRefused() {
    assertEquals(List.of("tags"), errorFields(item("sku-1", "books", "", List.of("ok", ""), null)));
  }

  @Test
  void tagOver128CharsIsRefused() {
    assertEquals(List.of(), errorFields(item("sku-1", "books", "", List.of("t".repeat(128)), null)));
    assertEquals(List.of("tags"), errorFields(item("sku-1", "books", "", List.of("t".repeat(129)), null)));
  }

  @Test
  void sixtyFourAttributesAreAcceptedAndSixtyFiveRefused() {
    assertEquals(List.of(), errorFields(item("sku-1", "books", "", null, attributes(64))));
    assertEquals(List.of("attributes"), errorFields(item("sku-1", "books", "", null, attributes(65))));
  }

  @Test
  void emptyOrOverlongAttributeKeyIsRefused() {
    assertEquals(List.of("attributes"), errorFields(item("sku-1", "books", "", null, Map.of("", "v"))));
    assertEquals(List.of("attributes"), errorFields(item("sku-1", "books", "", null, Map.of("k".repeat(65), "v"))));
  }

  @Test
  void attributeValueOver512CharsIsRefused() {
    assertEquals(List.of(), errorFields(item("sku-1", "books", "", null, Map.of("k", "v".repeat(512)))));
    assertEquals(List.of("attributes"), errorFields(item("sku-1", "books", "", null, Map.of("k", "v".repeat(513)))));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertEquals(List.of("itemId", "category", "title"),
        errorFields(item("a\tb", "c\u0000d", "t".repeat(513), null, null)));
  }
}
