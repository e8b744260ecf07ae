package io.persona.models.learning;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JoinCountsTest {
  private final JoinCounts counts = new JoinCounts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

  @Test
  void theMapHasSnakeCaseKeysInOrder() {
    Map<String, Long> map = counts.asMap();
    assertEquals(List.of("slates", "impressions", "positives", "negatives_kept", "negatives_dropped", "outcomes",
        "duplicate_outcomes", "late_outcomes", "out_of_order_outcomes", "unattributed_outcomes"),
        List.copyOf(map.keySet()));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), List.copyOf(map.values()));
  }
}
