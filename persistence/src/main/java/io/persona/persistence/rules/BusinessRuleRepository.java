package io.persona.persistence.rules;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.rules.BusinessRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's rules in {@code <keyspace>.business_rules}. Blocking; the table is small, so every
 * node reads it whole every few seconds ({@code persona.rules.refresh-interval}).
 */
public final class BusinessRuleRepository {
  private static final Logger log = LoggerFactory.getLogger(BusinessRuleRepository.class);

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement delete;
  private final PreparedStatement selectAll;

  public BusinessRuleRepository(CqlSession session, String keyspace) {
    this.session = session;
    this.insert = session.prepare("INSERT INTO " + keyspace + ".business_rules (rule_id, kind, item_id, slot, category, "
        + "attribute, value, factor, active_from, active_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "IF NOT EXISTS");
    this.delete = session.prepare("DELETE FROM " + keyspace + ".business_rules WHERE rule_id = ? IF EXISTS");
    this.selectAll = session.prepare("SELECT rule_id, kind, item_id, slot, category, attribute, value, factor, "
        + "active_from, active_until FROM " + keyspace + ".business_rules");
  }

  /** Stores a new rule; false when a rule with that id exists already (it is left as it was). */
  public boolean insert(BusinessRule rule, Instant createdAt) {
    String itemId = null;
    Integer slot = null;
    String category = null;
    String attribute = null;
    String value = null;
    Double factor = null;
    if (rule instanceof BusinessRule.PinItem pin) {
      itemId = pin.itemId();
      slot = pin.slot();
    } else if (rule instanceof BusinessRule.BlockCategory block) {
      category = block.category();
    } else if (rule instanceof BusinessRule.BoostAttribute boost) {
      attribute = boost.attribute();
      value = boost.value();
      factor = boost.factor();
    }
    return session.execute(insert.bind(rule.id(), rule.kind(), itemId, slot, category, attribute, value, factor,
        rule.activeFrom(), rule.activeUntil(), createdAt)).wasApplied();
  }

  /** Deletes a rule; false when there was none. */
  public boolean delete(String id) {
    return session.execute(delete.bind(id)).wasApplied();
  }

  /** Every stored rule; a row of a kind this version does not know is skipped (a newer node wrote it). */
  public List<BusinessRule> all() {
    List<BusinessRule> rules = new ArrayList<>();
    for (Row row : session.execute(selectAll.bind())) {
      String id = row.getString("rule_id");
      Instant from = row.getInstant("active_from");
      Instant until = row.getInstant("active_until");
      String kind = row.getString("kind");
      try {
        switch (kind == null ? "" : kind) {
          case "pin" -> rules.add(new BusinessRule.PinItem(id, row.getString("item_id"), row.getInt("slot"), from,
              until));
          case "block" -> rules.add(new BusinessRule.BlockCategory(id, row.getString("category"), from, until));
          case "boost" -> rules.add(new BusinessRule.BoostAttribute(id, row.getString("attribute"),
              row.getString("value"), row.getDouble("factor"), from, until));
          default -> log.warn("Business rule {} has a kind this node does not know ({}); skipped", id, kind);
        }
      } catch (RuntimeException e) {
        log.warn("Business rule {} cannot be read ({}); skipped", id, e.toString());
      }
    }
    return rules;
  }
}
