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
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private static Item item(String itemId, String category, String title, List<String> tags,
      Map<String, String> attributes) {
    return new Item(itemId, title, category, tags, attributes, true, CREATED);
  }

  private static Item valid() {
    return item("sku-1", "books", "A Book", List.of("fiction", "new"), Map.of("author", "Someone"));
  }

  private static List<String> errorFields(Item item) {
    return ItemRules.check(item, NOW).stream().map(FieldError::field).toList();
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
    assertEquals(List.of(), ItemRules.check(valid(), NOW));
  }

  private static Item createdAt(String created) {
    return new Item("sku-1", "A Book", "books", List.of(), Map.of(), true, Instant.parse(created));
  }

  @Test
  void createdIsBoundedByTheYear1900AndADayAfterNow() {
    assertEquals(List.of(), errorFields(createdAt("1900-01-01T00:00:00Z")));
    assertEquals(List.of(), errorFields(createdAt("2026-12-04T12:00:00Z")), "a producer's clock a day ahead");
    assertEquals(List.of("created"), errorFields(createdAt("1899-12-31T23:59:59Z")));
    assertEquals(List.of("created"), errorFields(createdAt("2026-12-04T12:00:01Z")));
    assertEquals(List.of("created"), errorFields(createdAt("9999-12-31T23:59:59Z")),
        "year 9999 overflowed Cassandra's timestamp and stayed first among fresh items");
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
