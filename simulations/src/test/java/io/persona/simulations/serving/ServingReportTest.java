package io.persona.simulations.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingReportTest {
  @Test
  void stageSumsReadWhatTheScriptWrites() {
    Map<String, double[]> sums = ServingReport.stageSums("features:1.500000:300,ranking:0.250000:300");
    assertEquals(2, sums.size());
    assertArrayEquals(new double[] {1.5, 300}, sums.get("features"));
    assertArrayEquals(new double[] {0.25, 300}, sums.get("ranking"));
  }

  @Test
  void anUnscrapedNodeGivesNoStages() {
    assertTrue(ServingReport.stageSums("").isEmpty());
  }
}
