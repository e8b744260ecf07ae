package io.persona.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.metrics.ReliabilityTable.Bin;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReliabilityTableTest {
  private static final double EPS = 1e-12;
  private static final double[] P = {0.05, 0.15, 0.12, 0.55, 0.95, 1.0};
  private static final int[] Y = {0, 1, 0, 1, 1, 1};

  @Test
  void equalWidthBinsByHand() {
    // 4 bins of width 0.25
    //   [0, .25):   0.05, 0.15, 0.12 -> mean 0.32/3 = 0.10667, observed 1/3, gap 0.22667
    //   [.25, .5):  empty, left out
    //   [.5, .75):  0.55             -> mean 0.55, observed 1, gap 0.45
    //   [.75, 1]:   0.95, 1.0        -> mean 0.975, observed 1, gap 0.025 (1.0 joins the last bin)
    // ECE = 3/6 * 0.22667 + 1/6 * 0.45 + 2/6 * 0.025 = 0.11333 + 0.075 + 0.00833 = 0.19667
    ReliabilityTable table = ReliabilityTable.of(P, Y, 4);

    List<Bin> bins = table.bins();
    assertEquals(3, bins.size());
    assertBin(bins.get(0), 0.0, 0.25, 3, 0.32 / 3, 1.0 / 3);
    assertBin(bins.get(1), 0.5, 0.75, 1, 0.55, 1.0);
    assertBin(bins.get(2), 0.75, 1.0, 2, 0.975, 1.0);
    assertEquals(
        0.5 * (1.0 / 3 - 0.32 / 3) + 0.45 / 6 + 0.025 / 3, table.expectedCalibrationError(), EPS);
    assertEquals(0.19666666666666666, table.expectedCalibrationError(), 1e-12);
  }

  @Test
  void equalCountBinsByHand() {
    // sorted: 0.05(0) 0.12(0) | 0.15(1) 0.55(1) | 0.95(1) 1.0(1)
    //   mean 0.085, observed 0 -> gap 0.085
    //   mean 0.35,  observed 1 -> gap 0.65
    //   mean 0.975, observed 1 -> gap 0.025
    // ECE = (0.085 + 0.65 + 0.025) / 3 = 0.25333
    ReliabilityTable table = ReliabilityTable.ofQuantiles(P, Y, 3);

    List<Bin> bins = table.bins();
    assertEquals(3, bins.size());
    assertBin(bins.get(0), 0.05, 0.12, 2, 0.085, 0.0);
    assertBin(bins.get(1), 0.15, 0.55, 2, 0.35, 1.0);
    assertBin(bins.get(2), 0.95, 1.0, 2, 0.975, 1.0);
    assertEquals(0.76 / 3, table.expectedCalibrationError(), EPS);
  }

  @Test
  void equalCountBinsNeverSplitTiedPredictions() {
    // sorted: 0.1(0) 0.2(0) 0.2(1) | 0.2(0) 0.3(1) 0.4(1): the cut after 3 lands inside the 0.2s
    // and moves to after them, giving bins of 4 and 2
    //   mean 0.7/4 = 0.175, observed 1/4 -> gap 0.075
    //   mean 0.35, observed 1            -> gap 0.65
    // ECE = 4/6 * 0.075 + 2/6 * 0.65 = 0.05 + 0.21667 = 0.26667
    double[] p = {0.1, 0.2, 0.2, 0.2, 0.3, 0.4};
    int[] y = {0, 0, 1, 0, 1, 1};
    ReliabilityTable table = ReliabilityTable.ofQuantiles(p, y, 2);

    assertEquals(2, table.bins().size());
    assertBin(table.bins().get(0), 0.1, 0.2, 4, 0.175, 0.25);
    assertBin(table.bins().get(1), 0.3, 0.4, 2, 0.35, 1.0);
    assertEquals(0.05 + 0.65 / 3, table.expectedCalibrationError(), EPS);
  }

  @Test
  void moreEqualCountBinsThanExamplesGiveOneBinPerDistinctPrediction() {
    ReliabilityTable table =
        ReliabilityTable.ofQuantiles(new double[] {0.9, 0.1, 0.1}, new int[] {1, 0, 1}, 10);

    assertEquals(2, table.bins().size());
    assertBin(table.bins().get(0), 0.1, 0.1, 2, 0.1, 0.5);
    assertBin(table.bins().get(1), 0.9, 0.9, 1, 0.9, 1.0);
    // ECE = 2/3 * 0.4 + 1/3 * 0.1 = 0.3
    assertEquals(0.3, table.expectedCalibrationError(), EPS);
  }

  @Test
  void equalCountBinsResolveRarePositivesWhereEqualWidthBinsCannot() {
    Random random = new Random(11);
    int n = 10_000;
    double[] p = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = 0.05 * random.nextDouble(); // CTR-like: all below 5%
      y[i] = random.nextDouble() < p[i] ? 1 : 0;
    }
    assertEquals(1, ReliabilityTable.of(p, y, 10).bins().size());

    List<Bin> quantiles = ReliabilityTable.ofQuantiles(p, y, 10).bins();
    assertEquals(10, quantiles.size());
    for (Bin bin : quantiles) {
      assertEquals(1000, bin.count());
    }
  }

  @Test
  void eceIsSmallForCalibratedPredictionsAndLargeForDistortedOnes() {
    Random random = new Random(3);
    int n = 100_000;
    double[] truth = new double[n];
    double[] distorted = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = random.nextDouble();
      distorted[i] = Math.sqrt(truth[i]);
      y[i] = random.nextDouble() < truth[i] ? 1 : 0;
    }
    assertTrue(ReliabilityTable.of(truth, y, 10).expectedCalibrationError() < 0.01);
    // E|sqrt(p) - p| for uniform p is 2/3 - 1/2 = 1/6; 10 bins see most of it
    assertTrue(ReliabilityTable.of(distorted, y, 10).expectedCalibrationError() > 0.15);
  }

  @Test
  void oneBinHoldsEverything() {
    ReliabilityTable table = ReliabilityTable.of(P, Y, 1);
    // mean 2.82/6 = 0.47, observed 4/6: ECE = |0.47 - 0.66667|
    assertBin(table.bins().get(0), 0.0, 1.0, 6, 0.47, 4.0 / 6);
    assertEquals(4.0 / 6 - 0.47, table.expectedCalibrationError(), EPS);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> ReliabilityTable.of(P, Y, 0));
    assertThrows(IllegalArgumentException.class, () -> ReliabilityTable.ofQuantiles(P, Y, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReliabilityTable.of(new double[] {1.2}, new int[] {1}, 10));
    assertThrows(
        IllegalArgumentException.class, () -> ReliabilityTable.of(new double[0], new int[0], 10));
    assertThrows(
        IllegalArgumentException.class, () -> ReliabilityTable.ofQuantiles(P, new int[] {1}, 10));
  }

  private static void assertBin(
      Bin bin, double lower, double upper, long count, double predicted, double observed) {
    assertEquals(lower, bin.lower(), EPS, "lower");
    assertEquals(upper, bin.upper(), EPS, "upper");
    assertEquals(count, bin.count(), "count");
    assertEquals(predicted, bin.meanPredicted(), EPS, "meanPredicted");
    assertEquals(observed, bin.observedRate(), EPS, "observedRate");
  }
}
