package io.persona.simulations.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakMeasuresTest {
  @Test
  void theMedianPairSlopeIgnoresOneMinuteCaughtMidWork() {
    // a flat heap of 400 MB with one sample of 500: least squares tilts, the median of pair slopes does not
    List<double[]> flatWithSpike = List.of(new double[] {10, 400}, new double[] {11, 400}, new double[] {12, 400},
        new double[] {13, 400}, new double[] {14, 500});
    assertEquals(0.0, SoakBenchmark.medianPairSlope(flatWithSpike), 1e-12);
    assertEquals(20.0, SoakBenchmark.slope(flatWithSpike), 1e-9);

    List<double[]> rising = List.of(new double[] {0, 100}, new double[] {1, 102}, new double[] {2, 104},
        new double[] {3, 106});
    assertEquals(2.0, SoakBenchmark.medianPairSlope(rising), 1e-12);
    assertEquals(Double.NaN, SoakBenchmark.medianPairSlope(List.of(new double[] {1, 1})));
  }

  @Test
  void histogramsTellWhichClassesGrew() {
    HeapHistogram before = HeapHistogram.parse("""
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:          1000          40000  [B (java.base@17.0.15)
           2:           500          12000  java.lang.String (java.base@17.0.15)
           3:            10            320  io.persona.Gone
        Total          1510          52320
        """);
    HeapHistogram after = HeapHistogram.parse("""
           1:          3000         120000  [B (java.base@17.0.15)
           2:           600          14400  java.lang.String (java.base@17.0.15)
           3:             5            200  io.persona.New
        Total          3605         134600
        """);
    assertEquals(52_320, before.totalBytes());
    List<HeapHistogram.Growth> grown = after.grownSince(before, 2);
    assertEquals(List.of(new HeapHistogram.Growth("[B", 2000, 80_000),
        new HeapHistogram.Growth("java.lang.String", 100, 2_400)), grown);
  }
}
