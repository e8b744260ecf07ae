package io.persona.actors.rules;

import io.persona.models.rules.ActiveRules;
import io.persona.models.rules.BusinessRule;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business rules this node applies: the whole table, re-read by {@link #refresh()} (the node
 * schedules it every {@code persona.rules.refresh-interval}, and the node that took a change calls
 * it at once), so a rule set on any node is in force on every node within that interval. A failed
 * read keeps the rules it had: a Cassandra hiccup must not drop a block.
 */
public final class RuleBook {
  private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

  private final Supplier<List<BusinessRule>> store;
  private volatile List<BusinessRule> rules = List.of();

  public RuleBook(Supplier<List<BusinessRule>> store) {
    this.store = store;
  }

  /** A book without rules (tests, tools). */
  public static RuleBook none() {
    return new RuleBook(List::of);
  }

  /**
   * Re-reads the table. Synchronized: a scheduled read that began before a change must not set its
   * older rules after the changing node's own re-read.
   */
  public synchronized void refresh() {
    try {
      rules = List.copyOf(store.get());
    } catch (RuntimeException e) {
      log.warn("Business rules could not be re-read; keeping the {} known: {}", rules.size(), e.toString());
    }
  }

  /** Every rule, active or not. */
  public List<BusinessRule> all() {
    return rules;
  }

  /** The rules in force at {@code now}. */
  public ActiveRules at(Instant now) {
    List<BusinessRule> current = rules;
    return current.isEmpty() ? ActiveRules.NONE : ActiveRules.at(current, now);
  }
}
