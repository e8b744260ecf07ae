package io.persona.models.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.catalog.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveRulesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-02T00:00:00Z");

  private static Item item(String id, String category, Map<String, String> attributes) {
    return new Item(id, id, category, List.of(), attributes, true, T0);
  }

  @Test
  void onlyRulesWithinTheirPeriodAreInForce() {
    var block = new BusinessRule.BlockCategory("b", "toys", T0, T1);
    assertEquals(Optional.of("b"), ActiveRules.at(List.of(block), T0).blockedBy(item("i", "toys", Map.of())));
    assertSame(ActiveRules.NONE, ActiveRules.at(List.of(block), T1), "the end is exclusive");
    assertSame(ActiveRules.NONE, ActiveRules.at(List.of(block), T0.minusSeconds(1)));
    var open = new BusinessRule.BlockCategory("b", "toys", T0, null);
    assertTrue(ActiveRules.at(List.of(open), T1.plusSeconds(86_400 * 365L)).blockedBy(item("i", "toys", Map.of()))
        .isPresent(), "no end: until deleted");
    assertTrue(ActiveRules.at(List.of(open), T1).blockedBy(item("i", "hats", Map.of())).isEmpty());
  }

  @Test
  void theEarliestPinHoldsAContestedSlotAndAnItemTakesOneSlot() {
    var first = new BusinessRule.PinItem("p1", "a", 0, T0, null);
    var later = new BusinessRule.PinItem("p2", "b", 0, T0.plusSeconds(1), null);
    var sameItem = new BusinessRule.PinItem("p3", "a", 4, T0.plusSeconds(2), null);
    var third = new BusinessRule.PinItem("p4", "c", 2, T0.plusSeconds(3), null);
    List<BusinessRule.PinItem> pins = ActiveRules.at(List.of(third, sameItem, later, first), T1).pins();
    assertEquals(List.of("p1", "p4"), pins.stream().map(BusinessRule.PinItem::id).toList());
  }

  @Test
  void boostsMatchAnAttributeAndLiftNegativeScoresToo() {
    var boost = new BusinessRule.BoostAttribute("x", "brand", "acme", 2.0, T0, null);
    ActiveRules rules = ActiveRules.at(List.of(boost), T1);
    assertEquals(List.of(boost), rules.boostsOf(item("i", "c", Map.of("brand", "acme"))));
    assertEquals(List.of(), rules.boostsOf(item("i", "c", Map.of("brand", "other"))));
    assertEquals(List.of(), rules.boostsOf(item("i", "c", Map.of())));
    assertEquals(0.8, ActiveRules.boosted(0.4, List.of(boost)), 1e-12);
    assertEquals(-0.2, ActiveRules.boosted(-0.4, List.of(boost)), 1e-12, "a factor above 1 lifts a negative score");
    var sink = new BusinessRule.BoostAttribute("y", "brand", "acme", 0.5, T0, null);
    assertEquals(0.4, ActiveRules.boosted(0.4, List.of(boost, sink)), 1e-12);
  }

  @Test
  void rulesRefuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new BusinessRule.PinItem("p", "a", -1, T0, null));
    assertThrows(IllegalArgumentException.class, () -> new BusinessRule.BoostAttribute("x", "a", "b", 0, T0, null));
    assertThrows(IllegalArgumentException.class,
        () -> new BusinessRule.BoostAttribute("x", "a", "b", Double.NaN, T0, null));
  }
}
