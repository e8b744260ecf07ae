package io.persona.gateway.http;

import io.persona.actors.recommend.ItemFilter;
import io.persona.actors.recommend.ListOrder;
import io.persona.actors.recommend.SeenItems;
import io.persona.models.catalog.Item;
import io.persona.models.validation.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendationQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void defaultsWhenNothingIsGiven() {
    RecommendationQuery query = RecommendationQuery.parse(Map.of(), 10, 100, Set.of(), NOW);
    assertTrue(query.ok());
    assertEquals(10, query.k());
    assertEquals(NOW, query.context().now());
    assertEquals("unknown", query.context().device());
    assertEquals(0, query.context().slot());
  }

  @Test
  void everyKnownParameterReachesTheContext() {
    RecommendationQuery query = RecommendationQuery.parse(
        Map.of("k", "25", "device", "mobile", "slot", "3", "zone", "Europe/Berlin", "locale", "de-DE"),
        10, 100, Set.of("locale"), NOW);
    assertTrue(query.ok(), query.errors().toString());
    assertEquals(25, query.k());
    assertEquals("mobile", query.context().device());
    assertEquals(3, query.context().slot());
    assertEquals(ZoneId.of("Europe/Berlin"), query.context().zone());
    assertEquals(Map.of("locale", "de-DE"), query.context().attributes());
  }

  @Test
  void allBadParametersAreNamedAtOnce() {
    RecommendationQuery query = RecommendationQuery.parse(
        Map.of("k", "1000", "slot", "x", "zone", "Nowhere/Else", "device", "a b", "colour", "red"),
        10, 100, Set.of(), NOW);
    assertFalse(query.ok());
    assertNull(query.context());
    assertEquals(Set.of("k", "slot", "zone", "device", "colour"),
        Set.copyOf(query.errors().stream().map(FieldError::field).toList()));
  }

  @Test
  void theOrderIsRankedUnlessTheRetrievalOrderIsAskedFor() {
    assertEquals(ListOrder.RANKED, RecommendationQuery.parse(Map.of(), 10, 100, Set.of(), NOW).order());
    assertEquals(ListOrder.RETRIEVAL,
        RecommendationQuery.parse(Map.of("order", "retrieval"), 10, 100, Set.of(), NOW).order());
    assertEquals(ListOrder.RANKED, RecommendationQuery.parse(Map.of("order", "ranked"), 10, 100, Set.of(), NOW).order());
    RecommendationQuery bad = RecommendationQuery.parse(Map.of("order", "random"), 10, 100, Set.of(), NOW);
    assertFalse(bad.ok());
    assertEquals("order", bad.errors().get(0).field());
  }

  @Test
  void seenNamesEachModeAndWithoutItTheNodesDefaultDecides() {
    assertEquals(SeenItems.DEFAULT, RecommendationQuery.parse(Map.of(), 10, 100, Set.of(), NOW).seen());
    assertEquals(SeenItems.EXCLUDE, RecommendationQuery.parse(Map.of("seen", "exclude"), 10, 100, Set.of(), NOW).seen());
    assertEquals(SeenItems.INCLUDE, RecommendationQuery.parse(Map.of("seen", "include"), 10, 100, Set.of(), NOW).seen());
    assertEquals(SeenItems.BY_TYPE, RecommendationQuery.parse(Map.of("seen", "by-type"), 10, 100, Set.of(), NOW).seen());
    RecommendationQuery bad = RecommendationQuery.parse(Map.of("seen", "never"), 10, 100, Set.of(), NOW);
    assertFalse(bad.ok());
    assertEquals("seen", bad.errors().get(0).field());
    assertEquals("must be exclude, include or by-type, was never", bad.errors().get(0).reason());
  }

  @Test
  void theListFiltersReachTheRequestAndAnItemPassesOnlyWhenItMatchesThemAll() {
    RecommendationQuery query = RecommendationQuery.parse(Map.of("exclude", "sku-1, sku-2", "category", "Home & Garden",
        "filter", "brand:acme,colour:red"), 10, 100, Set.of(), NOW);
    assertTrue(query.ok(), query.errors().toString());
    ItemFilter filter = query.filter();
    assertEquals(Set.of("sku-1", "sku-2"), filter.excluded());
    assertEquals(Map.of("brand", "acme", "colour", "red"), filter.attributes());
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    Item red = new Item("sku-3", "Chair", "Home & Garden", List.of(), Map.of("brand", "acme", "colour", "red"), true,
        created);
    assertTrue(filter.admits(red));
    assertFalse(filter.admits(new Item("sku-1", "Chair", "Home & Garden", List.of(), red.attributes(), true, created)),
        "excluded");
    assertFalse(filter.admits(new Item("sku-4", "Chair", "Garden", List.of(), red.attributes(), true, created)),
        "another category");
    assertFalse(filter.admits(new Item("sku-5", "Chair", "Home & Garden", List.of(), Map.of("brand", "acme"), true,
        created)), "an attribute missing");
    assertFalse(filter.admits(null), "not in the catalog");
    assertTrue(RecommendationQuery.parse(Map.of(), 10, 100, Set.of(), NOW).filter().isEmpty());
  }

  @Test
  void badFiltersAreNamed() {
    RecommendationQuery query = RecommendationQuery.parse(Map.of("filter", "brand", "category", "a\u0000b"),
        10, 100, Set.of(), NOW);
    assertFalse(query.ok());
    assertEquals(Set.of("filter", "category"), Set.copyOf(query.errors().stream().map(FieldError::field).toList()));
    assertTrue(RecommendationQuery.parse(Map.of("filter", "brand:acme,brand:other"), 10, 100, Set.of(), NOW)
        .errors().get(0).reason().contains("matched twice"));
  }

  @Test
  void explainIsAskedForWithTrueAndAnythingButTrueOrFalseIsNamed() {
    assertFalse(RecommendationQuery.parse(Map.of(), 10, 100, Set.of(), NOW).explain());
    assertTrue(RecommendationQuery.parse(Map.of("explain", "true"), 10, 100, Set.of(), NOW).explain());
    assertFalse(RecommendationQuery.parse(Map.of("explain", "false"), 10, 100, Set.of(), NOW).explain());
    RecommendationQuery bad = RecommendationQuery.parse(Map.of("explain", "yes"), 10, 100, Set.of(), NOW);
    assertFalse(bad.ok());
    assertEquals("explain", bad.errors().get(0).field(), bad.errors().toString());
  }
}
