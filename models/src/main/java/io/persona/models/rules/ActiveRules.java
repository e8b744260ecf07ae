package io.persona.models.rules;

import io.persona.models.catalog.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules in force at one moment, indexed for the serving path: which categories are blocked (and
 * by which rule), which boosts match an item, and the pins, at most one per slot and one slot per
 * item (the earliest rule wins a conflict: a newer pin does not silently take over a slot an older
 * one holds).
 */
public final class ActiveRules {
  public static final ActiveRules NONE = new ActiveRules(List.of(), Map.of(), List.of());

  private final List<BusinessRule.PinItem> pins;
  private final Map<String, String> blockedCategories;
  private final List<BusinessRule.BoostAttribute> boosts;

  private ActiveRules(List<BusinessRule.PinItem> pins, Map<String, String> blockedCategories,
                      List<BusinessRule.BoostAttribute> boosts) {
    this.pins = pins;
    this.blockedCategories = blockedCategories;
    this.boosts = boosts;
  }

  /** The rules of {@code rules} active at {@code now}. */
  public static ActiveRules at(Collection<? extends BusinessRule> rules, Instant now) {
    List<BusinessRule> active = rules.stream().filter(rule -> rule.activeAt(now))
        .sorted(Comparator.comparing(BusinessRule::activeFrom).thenComparing(BusinessRule::id))
        .map(BusinessRule.class::cast).toList();
    if (active.isEmpty()) {
      return NONE;
    }
    List<BusinessRule.PinItem> pins = new ArrayList<>();
    Set<Integer> slots = new HashSet<>();
    Set<String> pinnedItems = new HashSet<>();
    Map<String, String> blocked = new HashMap<>();
    List<BusinessRule.BoostAttribute> boosts = new ArrayList<>();
    for (BusinessRule rule : active) {
      if (rule instanceof BusinessRule.PinItem pin) {
        if (!slots.contains(pin.slot()) && !pinnedItems.contains(pin.itemId())) {
          slots.add(pin.slot());
          pinnedItems.add(pin.itemId());
          pins.add(pin);
        }
      } else if (rule instanceof BusinessRule.BlockCategory block) {
        blocked.putIfAbsent(block.category(), block.id());
      } else if (rule instanceof BusinessRule.BoostAttribute boost) {
        boosts.add(boost);
      }
    }
    pins.sort(Comparator.comparingInt(BusinessRule.PinItem::slot));
    return new ActiveRules(List.copyOf(pins), Map.copyOf(blocked), List.copyOf(boosts));
  }

  public boolean isEmpty() {
    return pins.isEmpty() && blockedCategories.isEmpty() && boosts.isEmpty();
  }

  /** The pins in force, by slot, lowest first. */
  public List<BusinessRule.PinItem> pins() {
    return pins;
  }

  /** The id of the rule that blocks this item's category, if one does. */
  public Optional<String> blockedBy(Item item) {
    return Optional.ofNullable(blockedCategories.get(item.category()));
  }

  /** The boosts whose attribute matches the item. */
  public List<BusinessRule.BoostAttribute> boostsOf(Item item) {
    if (boosts.isEmpty() || item.attributes().isEmpty()) {
      return List.of();
    }
    return boosts.stream().filter(boost -> boost.value().equals(item.attributes().get(boost.attribute()))).toList();
  }

  /**
   * An ordering score after the item's boosts: multiplied by each factor when it is positive, divided
   * when it is negative (the history blend's score can be: a factor above 1 must still lift it).
   */
  public static double boosted(double score, List<BusinessRule.BoostAttribute> boosts) {
    double result = score;
    for (BusinessRule.BoostAttribute boost : boosts) {
      result = result >= 0 ? result * boost.factor() : result / boost.factor();
    }
    return result;
  }
}
