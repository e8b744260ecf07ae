package io.persona.simulations.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PopularityAndKnnTest {
  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void decayedPopularityHalvesPerHalfLife() {
    TrainingSet train = new Events(2, 2).add(0, 0, 0).add(1, 0, DAY).add(0, 1, 2 * DAY).build();
    assertArrayEquals(new double[] {2, 1}, Popularity.counts(train, null), 1e-12);
    assertArrayEquals(new double[] {0.25 + 0.5, 1}, Popularity.counts(train, Duration.ofDays(1)), 1e-12);
  }

  @Test
  void itemKnnSumsCosineSimilaritiesOfTheLastItems() {
    // users: {0,1}, {0,1,2}, {2,3}; user 3 last saw item 1, then item 2 (newest)
    TrainingSet train = new Events(4, 4)
        .add(0, 0, 1).add(0, 1, 2).add(1, 0, 3).add(1, 1, 4).add(1, 2, 5).add(2, 2, 6).add(2, 3, 7)
        .add(3, 1, 8).add(3, 2, 9)
        .build();
    double[] scores = new double[4];
    new ItemKnn(5).fit(train, new Fits()).score(3, scores);
    // users per item: 0 {0,1}, 1 {0,1,3}, 2 {1,2,3}, 3 {2}
    double sim01 = 2 / Math.sqrt(2 * 3);
    double sim02 = 1 / Math.sqrt(2 * 3);
    double sim12 = 2 / Math.sqrt(3 * 3);
    double sim23 = 1 / Math.sqrt(3 * 1);
    assertEquals(sim01 + sim02, scores[0], 1e-6);
    assertEquals(sim12, scores[1], 1e-6, "from seed 2");
    assertEquals(sim12, scores[2], 1e-6, "from seed 1");
    assertEquals(sim23, scores[3], 1e-6);
  }
}
