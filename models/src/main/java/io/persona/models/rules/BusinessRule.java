package io.persona.models.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * One operator rule, effective from {@link #activeFrom()} until {@link #activeUntil()} (null: until
 * it is deleted). Rules apply to every list served to a user after ranking; see {@link ActiveRules}.
 */
public sealed interface BusinessRule permits BusinessRule.PinItem, BusinessRule.BlockCategory,
    BusinessRule.BoostAttribute {

  String id();

  Instant activeFrom();

  /** The end of the period, exclusive; null for a rule that holds until it is deleted. */
  Instant activeUntil();

  /** {@code pin}, {@code block} or {@code boost}: the name the API and the log use. */
  String kind();

  default boolean activeAt(Instant now) {
    return !now.isBefore(activeFrom()) && (activeUntil() == null || now.isBefore(activeUntil()));
  }

  /**
   * {@code itemId} at position {@code slot} (0-based) of every list it may appear in: an item the
   * list would leave out (unavailable, seen under {@code seen=exclude}, not admitted by the
   * request's filters, of a blocked category) is not forced in.
   */
  record PinItem(String id, String itemId, int slot, Instant activeFrom, Instant activeUntil) implements BusinessRule {
    public PinItem {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(activeFrom, "activeFrom");
      if (slot < 0) {
        throw new IllegalArgumentException("slot must be >= 0, was " + slot);
      }
    }

    @Override
    public String kind() {
      return "pin";
    }
  }

  /** No item of {@code category} appears in any list, exploration included. */
  record BlockCategory(String id, String category, Instant activeFrom, Instant activeUntil) implements BusinessRule {
    public BlockCategory {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(activeFrom, "activeFrom");
    }

    @Override
    public String kind() {
      return "block";
    }
  }

  /**
   * Items whose attribute {@code attribute} equals {@code value} have their ordering score
   * multiplied by {@code factor} (above 1 lifts them, below 1 sinks them) before the slate is picked.
   */
  record BoostAttribute(String id, String attribute, String value, double factor, Instant activeFrom,
                        Instant activeUntil) implements BusinessRule {
    public BoostAttribute {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(activeFrom, "activeFrom");
      if (!(factor > 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number above 0, was " + factor);
      }
    }

    @Override
    public String kind() {
      return "boost";
    }
  }
}
