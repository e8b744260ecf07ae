package io.persona.models.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleLogTest {
  @Test
  void pinnedItemsAreReadBackWhateverTheirIdsHoldAndOtherEntriesAreIgnored() {
    List<String> entries = List.of(RuleLog.pin("r-1", "Mug / blue: 12oz @home", 0), RuleLog.pin("r.2", "sku-9", 4),
        RuleLog.boost("r-3", "sku-1"), RuleLog.block("r-4", 7), "pin:broken");
    assertEquals(Set.of("Mug / blue: 12oz @home", "sku-9"), RuleLog.pinnedItems(entries));
    assertEquals("pin:r-1:sku-1@2", RuleLog.pin("r-1", "sku-1", 2));
    assertEquals(Set.of(), RuleLog.pinnedItems(List.of()));
  }
}
