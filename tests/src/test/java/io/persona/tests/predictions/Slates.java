package io.persona.tests.predictions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Served slates for the prediction log tests, and a comparison that is exact to the bit. */
final class Slates {
  private Slates() {}

  /**
   * A random UTC hour between 2001 and 2021, so each run reads a window no earlier run wrote to
   * (rows expire by their write time, not by servedAt, so an old servedAt is fine).
   */
  static Instant freshHour() {
    long hours = ThreadLocalRandom.current().nextLong(20L * 365 * 24);
    return Instant.parse("2001-01-01T00:00:00Z").plusSeconds(hours * 3600);
  }

  /** A slate of {@code size} items whose scores and features are random bit patterns. */
  static ServedSlate slate(String requestId, Instant servedAt, int size, int denseWidth, int sparseWidth, long seed) {
    Random random = new Random(seed);
    List<ServedItem> items = new ArrayList<>(size);
    String[] sources = {"ann", "co_visitation", "trending"};
    for (int i = 0; i < size; i++) {
      float[] dense = new float[denseWidth];
      for (int j = 0; j < denseWidth; j++) {
        dense[j] = Float.intBitsToFloat(random.nextInt());
      }
      long[] sparse = new long[sparseWidth];
      for (int j = 0; j < sparseWidth; j++) {
        sparse[j] = random.nextLong();
      }
      double propensity = Math.max(Double.MIN_VALUE, random.nextDouble());
      items.add(new ServedItem("item-" + random.nextInt(1_000_000), i, sources[i % sources.length],
          Double.longBitsToDouble(random.nextLong()), random.nextDouble(), propensity, dense, sparse));
    }
    return new ServedSlate(requestId, "user-" + seed, servedAt, "v" + (seed % 3), "dcn-v2",
        seed % 2 == 0 ? "champion" : "challenger", "fp-" + Long.toHexString(seed), items);
  }

  static void assertSameSlates(List<ServedSlate> expected, List<ServedSlate> actual) {
    assertEquals(expected.stream().map(ServedSlate::requestId).toList(),
        actual.stream().map(ServedSlate::requestId).toList(), "the same slates in the same order");
    for (int i = 0; i < expected.size(); i++) {
      assertSameSlate(expected.get(i), actual.get(i));
    }
  }

  static void assertSameSlate(ServedSlate expected, ServedSlate actual) {
    String id = expected.requestId();
    assertEquals(expected.requestId(), actual.requestId());
    assertEquals(expected.userId(), actual.userId(), id);
    assertEquals(expected.servedAt(), actual.servedAt(), id + ": servedAt to the nanosecond");
    assertEquals(expected.modelVersion(), actual.modelVersion(), id);
    assertEquals(expected.modelKind(), actual.modelKind(), id);
    assertEquals(expected.variant(), actual.variant(), id);
    assertEquals(expected.featureFingerprint(), actual.featureFingerprint(), id);
    assertEquals(expected.items().size(), actual.items().size(), id);
    for (int i = 0; i < expected.items().size(); i++) {
      ServedItem e = expected.items().get(i);
      ServedItem a = actual.items().get(i);
      String at = id + " item " + i;
      assertEquals(e.itemId(), a.itemId(), at);
      assertEquals(e.position(), a.position(), at);
      assertEquals(e.source(), a.source(), at);
      assertEquals(Double.doubleToRawLongBits(e.rawScore()), Double.doubleToRawLongBits(a.rawScore()), at);
      assertEquals(Double.doubleToRawLongBits(e.calibratedScore()), Double.doubleToRawLongBits(a.calibratedScore()), at);
      assertEquals(Double.doubleToRawLongBits(e.propensity()), Double.doubleToRawLongBits(a.propensity()), at);
      assertArrayEquals(bits(e.dense()), bits(a.dense()), at + " dense");
      assertArrayEquals(e.sparse(), a.sparse(), at + " sparse");
    }
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
