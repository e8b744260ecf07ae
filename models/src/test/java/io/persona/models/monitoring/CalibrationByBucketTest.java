package io.persona.models.monitoring;

import io.persona.models.monitoring.CalibrationByBucket.Bucket;
import io.persona.models.monitoring.CalibrationByBucket.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CalibrationByBucketTest {
  private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

  @Test
  void rowsAreGroupedIntoEpochAlignedBucketsInTimeOrder() {
    List<Row> rows = List.of(
        new Row(T.plusSeconds(3_700), 0.4, 1),     // 11:01:40 → the 11:00 bucket
        new Row(T.plusSeconds(59), 0.1, 0),        // 10:00:59 → 10:00
        new Row(T.plusSeconds(1_800), 0.3, 1),     // 10:30 → 10:00
        new Row(T.plusSeconds(3_599), 0.2, 0));    // 10:59:59 → 10:00

    List<Bucket> buckets = CalibrationByBucket.of(rows, Duration.ofHours(1));

    assertEquals(2, buckets.size());
    Bucket ten = buckets.get(0);
    assertEquals(T, ten.bucket());
    assertEquals(3, ten.n());
    assertEquals(0.2, ten.meanPredicted(), 1e-12);
    assertEquals(1 / 3.0, ten.observedRate(), 1e-12);
    assertEquals(new Bucket(T.plusSeconds(3_600), 1, 0.4, 1.0), buckets.get(1));
  }

  @Test
  void emptyBucketsAreLeftOutAndTimesBeforeTheEpochAlignDownwards() {
    List<Row> rows = List.of(new Row(Instant.ofEpochSecond(-1), 0.5, 0), new Row(T, 0.5, 1));
    List<Bucket> buckets = CalibrationByBucket.of(rows, Duration.ofMinutes(15));
    assertEquals(2, buckets.size());
    assertEquals(Instant.ofEpochSecond(-900), buckets.get(0).bucket());
    assertEquals(List.of(), CalibrationByBucket.of(List.of(), Duration.ofMinutes(15)));
  }

  @Test
  void badRowsAndBucketsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Row(T, 1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new Row(T, 0.5, 2));
    assertThrows(IllegalArgumentException.class, () -> CalibrationByBucket.of(List.of(), Duration.ZERO));
  }
}
