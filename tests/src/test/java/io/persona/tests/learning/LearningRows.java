package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.learning.TrainingExample;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Rows for the learning store tests, and a comparison of examples that is exact to the bit. */
final class LearningRows {
  private LearningRows() {}

  /**
   * A random UTC hour between 2001 and 2021, so each run reads a window no earlier run wrote to
   * (rows expire by their write time, not by their own times, so an old time is fine).
   */
  static Instant freshHour() {
    long hours = ThreadLocalRandom.current().nextLong(20L * 365 * 24);
    return Instant.parse("2001-01-01T00:00:00Z").plusSeconds(hours * 3600);
  }

  /** An impression whose scores and features are random bit patterns (NaN payloads included). */
  static TrainingExample example(String requestId, Instant servedAt, int position, long seed) {
    Random random = new Random(seed);
    float[] dense = new float[24];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = Float.intBitsToFloat(random.nextInt());
    }
    long[] sparse = new long[6];
    for (int i = 0; i < sparse.length; i++) {
      sparse[i] = random.nextLong();
    }
    int label = random.nextInt(2);
    boolean holdout = random.nextBoolean();
    double weight = label == 1 || holdout ? 1.0 : 1 / (0.05 + 0.9 * random.nextDouble());
    return new TrainingExample(requestId, "user-" + seed, "item-" + random.nextInt(1_000_000), servedAt, position,
        seed % 5 == 0 ? null : "ann", label, weight, holdout, Math.max(Double.MIN_VALUE, random.nextDouble()),
        Double.longBitsToDouble(random.nextLong()), random.nextDouble(), "v" + (seed % 3),
        seed % 2 == 0 ? "champion" : "challenger", "fp-" + Long.toHexString(seed), dense, sparse);
  }

  static void assertSameExamples(List<TrainingExample> expected, List<TrainingExample> actual) {
    assertEquals(expected.stream().map(LearningRows::key).toList(), actual.stream().map(LearningRows::key).toList(),
        "the same examples in the same order");
    for (int i = 0; i < expected.size(); i++) {
      assertSameExample(expected.get(i), actual.get(i));
    }
  }

  static void assertSameExample(TrainingExample e, TrainingExample a) {
    String at = key(e);
    assertEquals(e.requestId(), a.requestId(), at);
    assertEquals(e.userId(), a.userId(), at);
    assertEquals(e.itemId(), a.itemId(), at);
    assertEquals(e.servedAt(), a.servedAt(), at + ": servedAt to the nanosecond");
    assertEquals(e.position(), a.position(), at);
    assertEquals(e.source(), a.source(), at);
    assertEquals(e.label(), a.label(), at);
    assertEquals(Double.doubleToRawLongBits(e.weight()), Double.doubleToRawLongBits(a.weight()), at);
    assertEquals(e.holdout(), a.holdout(), at);
    assertEquals(Double.doubleToRawLongBits(e.propensity()), Double.doubleToRawLongBits(a.propensity()), at);
    assertEquals(Double.doubleToRawLongBits(e.rawScore()), Double.doubleToRawLongBits(a.rawScore()), at);
    assertEquals(Double.doubleToRawLongBits(e.calibratedScore()), Double.doubleToRawLongBits(a.calibratedScore()), at);
    assertEquals(e.modelVersion(), a.modelVersion(), at);
    assertEquals(e.variant(), a.variant(), at);
    assertEquals(e.featureFingerprint(), a.featureFingerprint(), at);
    assertArrayEquals(bits(e.dense()), bits(a.dense()), at + " dense");
    assertArrayEquals(e.sparse(), a.sparse(), at + " sparse");
  }

  private static String key(TrainingExample example) {
    return example.servedAt() + "/" + example.requestId() + "/" + example.position();
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
