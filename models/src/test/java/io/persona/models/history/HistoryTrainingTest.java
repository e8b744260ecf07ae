package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.ScoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryTrainingTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final InteractionWeights WEIGHTS =
      new InteractionWeights(Map.of("view", 1.0, "purchase", 4.0), 4, 5, 3, 1);
  private static final HistoryTraining.Settings SETTINGS = new HistoryTraining.Settings(
      new CoOccurrenceSettings(5, Duration.ofDays(60), 0.3, 20), Duration.ofDays(14));

  /** Users who buy a tent buy a sleeping bag next; everyone also buys a best-selling mug. */
  private static List<HistoryEvent> campers() {
    List<HistoryEvent> events = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      Instant start = NOW.minus(Duration.ofDays(30 - u));
      events.add(new HistoryEvent("t" + u, "camper-" + u, "tent", "purchase", null, start));
      events.add(new HistoryEvent("b" + u, "camper-" + u, "sleeping bag", "purchase", null, start.plusSeconds(60)));
      events.add(new HistoryEvent("m" + u, "camper-" + u, "mug", "view", null, start.plusSeconds(120)));
    }
    for (int u = 0; u < 60; u++) {
      events.add(new HistoryEvent("x" + u, "cook-" + u, "mug", "purchase", null, NOW.minus(Duration.ofDays(u % 20))));
      events.add(new HistoryEvent("y" + u, "cook-" + u, "pan", "purchase", null, NOW.minus(Duration.ofDays(u % 20))
          .plusSeconds(30)));
    }
    events.add(new HistoryEvent("z", "someone", "tent", "share", null, NOW)); // teaches nothing
    return events;
  }

  private static HistoryModel train(List<HistoryEvent> events) {
    HistoryTraining training = new HistoryTraining(SETTINGS, WEIGHTS);
    events.forEach(training::add);
    return training.train("v1", NOW);
  }

  @Test
  void anItemsNeighboursAreTheItemsBoughtWithItDampedForPopularity() {
    HistoryModel model = train(campers());
    assertEquals(210, model.interactions(), "the share event teaches nothing");
    assertEquals("sleeping bag", model.coOccurrence().neighbours("tent").get(0).itemId(),
        model.coOccurrence().neighbours("tent").toString());
    assertEquals("pan", model.coOccurrence().neighbours("mug").get(0).itemId());
  }

  @Test
  void popularityIsDecayedStrengthBestSellerFirst() {
    HistoryModel model = train(campers());
    List<ScoredItem> top = model.popular(2, id -> true);
    assertEquals("mug", top.get(0).itemId(), top.toString());
    assertEquals(List.of("pan", "sleeping bag", "tent"), model.popular(10, id -> !id.equals("mug")).stream()
        .map(ScoredItem::itemId).toList());
    // one purchase today weighs 4; one 14 days old weighs 2
    HistoryTraining two = new HistoryTraining(SETTINGS, WEIGHTS);
    two.add(new HistoryEvent("a", "u", "new", "purchase", null, NOW));
    two.add(new HistoryEvent("b", "u", "old", "purchase", null, NOW.minus(Duration.ofDays(14))));
    HistoryModel decayed = two.train("v", NOW);
    assertEquals(4.0, decayed.popularity().get("new"), 1e-9);
    assertEquals(2.0, decayed.popularity().get("old"), 1e-9);
  }

  @Test
  void theModelDoesNotDependOnTheOrderEventsArriveIn() {
    List<HistoryEvent> shuffled = new ArrayList<>(campers());
    Collections.shuffle(shuffled, new Random(7));
    assertEquals(HistoryModelCodec.encode(train(campers())).length, HistoryModelCodec.encode(train(shuffled)).length);
    assertEquals(train(campers()).coOccurrence().neighbourLists(), train(shuffled).coOccurrence().neighbourLists());
    assertEquals(train(campers()).popularFirst(), train(shuffled).popularFirst());
  }

  /**
   * Thirty shoppers each put a shirt, a tie and cufflinks in one order (one timestamp), in that
   * order; the producer's ids sort them tie, shirt, cufflinks. Each item is paired with the one item
   * before it (window 1), so what goes with the cufflinks is what came just before them: the tie.
   */
  @Test
  void eventsOfOneMomentArePairedInTheOrderTheyArrivedNotInTheOrderOfTheirIds() {
    HistoryTraining.Settings previousOnly = new HistoryTraining.Settings(
        new CoOccurrenceSettings(1, null, 0.3, 20), Duration.ofDays(14));
    HistoryTraining arrived = new HistoryTraining(previousOnly, WEIGHTS);
    HistoryTraining unknown = new HistoryTraining(previousOnly, WEIGHTS);
    for (int u = 0; u < 30; u++) {
      Instant order = NOW.minus(Duration.ofDays(u));
      List<HistoryEvent> lines = List.of(
          new HistoryEvent("m-" + u, "shopper-" + u, "shirt", "purchase", null, order, 1000 + 3 * u),
          new HistoryEvent("a-" + u, "shopper-" + u, "tie", "purchase", null, order, 1001 + 3 * u),
          new HistoryEvent("z-" + u, "shopper-" + u, "cufflinks", "purchase", null, order, 1002 + 3 * u));
      for (int i = lines.size() - 1; i >= 0; i--) {
        arrived.add(lines.get(i)); // the order they are read in does not matter: their arrival does
        unknown.add(lines.get(i).withArrival(0));
      }
    }
    assertEquals(List.of("tie"), neighbourIds(arrived.train("v", NOW), "cufflinks"));
    assertEquals(List.of("tie"), neighbourIds(arrived.train("v", NOW), "shirt"));
    // rows written before the log kept arrivals: their ids decide, as before
    assertEquals(List.of("shirt"), neighbourIds(unknown.train("v", NOW), "cufflinks"));
  }

  private static List<String> neighbourIds(HistoryModel model, String item) {
    return model.coOccurrence().neighbours(item).stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void theStoredBytesReadBackToTheSameModel() {
    HistoryModel model = train(campers());
    HistoryModel read = HistoryModelCodec.decode(HistoryModelCodec.encode(model));
    assertEquals(model.version(), read.version());
    assertEquals(model.trainedAt(), read.trainedAt());
    assertEquals(model.interactions(), read.interactions());
    assertEquals(model.popularity(), read.popularity());
    assertEquals(model.popularFirst(), read.popularFirst());
    assertEquals(model.coOccurrence().neighbourLists(), read.coOccurrence().neighbourLists());
  }

  @Test
  void theStoredBlendReadsBack() {
    HistoryTraining training = new HistoryTraining(SETTINGS, WEIGHTS);
    campers().forEach(training::add);
    RetrievalBlend blend = new RetrievalBlend(new SourceWeights(1, 0, 0.1, 0.3, 0), new SourceWeights(0, 3, 0.01, 1, 0.3),
        0.42, 0.37, 1234);
    byte[] stored = HistoryModelCodec.encode(training.train("v2", NOW, blend));
    assertEquals(blend, HistoryModelCodec.decode(stored).blend());
    assertEquals(3, formatOf(stored), "without chosen source settings, the format the previous release reads");
    RetrievalBlend withSources = new RetrievalBlend(blend.exclude(), blend.include(), 0.42, 0.37, 1234,
        new SourceSettings(3, 0.7, Duration.ofDays(3)));
    byte[] storedWithSources = HistoryModelCodec.encode(training.train("v3", NOW, withSources));
    assertEquals(withSources, HistoryModelCodec.decode(storedWithSources).blend());
    assertEquals(4, formatOf(storedWithSources), "without a chosen pairing, the format the previous release reads");
    RetrievalBlend withPairing = new RetrievalBlend(blend.exclude(), blend.include(), 0.42, 0.37, 1234,
        new SourceSettings(3, 0.7, Duration.ofDays(3), new io.persona.models.retrieval.CoOccurrencePairing(20, 0.5,
            0.25)));
    HistoryModel paired = training.train("v4", NOW, withPairing);
    byte[] storedWithPairing = HistoryModelCodec.encode(paired);
    assertEquals(withPairing, HistoryModelCodec.decode(storedWithPairing).blend());
    assertEquals(4, formatOf(storedWithPairing), "the pairing is a trailer the previous release does not read");
    assertEquals(paired.coOccurrence().neighbourLists(),
        HistoryModelCodec.decode(storedWithPairing).coOccurrence().neighbourLists());
  }

  @Test
  void aChosenPairHalfLifeReadsBackAndATrailerWithoutOneKeepsTheConfiguredHalfLife() throws Exception {
    HistoryTraining training = new HistoryTraining(SETTINGS, WEIGHTS);
    campers().forEach(training::add);
    io.persona.models.retrieval.CoOccurrencePairing configured =
        io.persona.models.retrieval.CoOccurrencePairing.of(SETTINGS.coOccurrence());
    for (Duration halfLife : new Duration[] {Duration.ofDays(7), null}) {
      RetrievalBlend blend = new RetrievalBlend(RetrievalBlend.DEFAULT.exclude(), RetrievalBlend.DEFAULT.include(),
          0.4, 0.3, 99, new SourceSettings(3, 0.7, Duration.ofDays(3), configured.withHalfLife(halfLife)));
      HistoryModel read = HistoryModelCodec.decode(HistoryModelCodec.encode(training.train("v-" + halfLife, NOW,
          blend)));
      assertEquals(blend, read.blend(), "half-life " + halfLife);
      assertEquals(halfLife, read.blend().sources().coOccurrenceOr(SETTINGS.coOccurrence()).halfLife());
    }

    // format 4 with a trailer that ends after the backward share, as written before the pair
    // half-life was searched (frozen bytes)
    byte[] stored = frozenWithFiveWeights(4, out -> {
      out.writeBoolean(true);
      out.writeInt(3);
      out.writeDouble(0.7);
      out.writeLong(Duration.ofDays(3).toMillis());
      out.writeInt(0);
      out.writeInt(0);
      out.writeBoolean(true);
      out.writeInt(20);
      out.writeDouble(0.5);
      out.writeDouble(0.25);
    });
    SourceSettings old = HistoryModelCodec.decode(stored).blend().sources();
    assertEquals(new io.persona.models.retrieval.CoOccurrencePairing(20, 0.5, 0.25), old.coOccurrence());
    io.persona.models.retrieval.CoOccurrenceSettings configuredPairing = SETTINGS.coOccurrence();
    assertEquals(configuredPairing.halfLife(), old.coOccurrenceOr(configuredPairing).halfLife(),
        "paired before the half-life was searched: the configured one");
    assertEquals(20, old.coOccurrenceOr(configuredPairing).window());
  }

  /** What the rest of a frozen model's bytes writes. */
  private interface FrozenRest {
    void write(java.io.DataOutputStream out) throws java.io.IOException;
  }

  /**
   * A stored model of {@code format} (3 or 4) as its release wrote it: the header and a blend of
   * five weights per mode, then {@code rest} (format 4: the source settings first).
   */
  private static byte[] frozenWithFiveWeights(int format, FrozenRest rest) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.DeflaterOutputStream(bytes))) {
      out.writeInt(format);
      out.writeUTF("history-v" + format);
      out.writeLong(NOW.toEpochMilli());
      out.writeLong(2);
      for (double w : new double[] {1, 0, 0.1, 0.3, 0.2, 1, 3, 0.01, 1, 0}) {
        out.writeDouble(w);
      }
      out.writeDouble(0.4);
      out.writeDouble(0.3);
      out.writeInt(99);
      rest.write(out);
    }
    return bytes.toByteArray();
  }

  private static int formatOf(byte[] stored) {
    try (java.io.DataInputStream in = new java.io.DataInputStream(new java.util.zip.InflaterInputStream(
        new java.io.ByteArrayInputStream(stored)))) {
      return in.readInt();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aModelStoredBeforeSourceSettingsWereMeasuredReadsWithTheConfiguredOnes() throws Exception {
    // format 3, frozen: header, blend of five weights per mode (no source settings), popularity, neighbours
    HistoryModel read = HistoryModelCodec.decode(frozenWithFiveWeights(3, out -> {
      out.writeInt(1);
      out.writeUTF("mug");
      out.writeDouble(4.0);
      out.writeInt(0);
    }));
    assertEquals(new RetrievalBlend(new SourceWeights(1, 0, 0.1, 0.3, 0.2), new SourceWeights(1, 3, 0.01, 1, 0),
        0.4, 0.3, 99), read.blend());
    assertNull(read.blend().sources());
    assertEquals(Map.of("mug", 4.0), read.popularity());
  }

  @Test
  void aModelStoredBeforeBlendsWereMeasuredReadsWithTheDefaultBlend() throws Exception {
    // format 1, frozen: header, popularity table, neighbour lists (no blend)
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.DeflaterOutputStream(bytes))) {
      out.writeInt(1);
      out.writeUTF("history-v1");
      out.writeLong(NOW.toEpochMilli());
      out.writeLong(2);
      out.writeInt(1);
      out.writeUTF("mug");
      out.writeDouble(4.0);
      out.writeInt(1);
      out.writeUTF("tent");
      out.writeInt(1);
      out.writeUTF("sleeping bag");
      out.writeDouble(0.5);
    }
    HistoryModel read = HistoryModelCodec.decode(bytes.toByteArray());
    assertEquals("history-v1", read.version());
    assertEquals(Map.of("mug", 4.0), read.popularity());
    assertEquals(List.of(new ScoredItem("sleeping bag", 0.5)), read.coOccurrence().neighbours("tent"));
    assertEquals(RetrievalBlend.DEFAULT, read.blend());
  }

  @Test
  void aModelStoredWithFourWeightsPerModeReadsWithoutATrendingShare() throws Exception {
    // format 2, frozen: header, blend of four weights per mode, popularity table, neighbour lists
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.DeflaterOutputStream(bytes))) {
      out.writeInt(2);
      out.writeUTF("history-v2");
      out.writeLong(NOW.toEpochMilli());
      out.writeLong(2);
      for (double w : new double[] {1, 0, 0.1, 0.3, 1, 3, 0.01, 1}) {
        out.writeDouble(w);
      }
      out.writeDouble(0.4);
      out.writeDouble(0.3);
      out.writeInt(99);
      out.writeInt(0);
      out.writeInt(0);
    }
    HistoryModel read = HistoryModelCodec.decode(bytes.toByteArray());
    assertEquals(new RetrievalBlend(new SourceWeights(1, 0, 0.1, 0.3, 0), new SourceWeights(1, 3, 0.01, 1, 0),
        0.4, 0.3, 99), read.blend());
  }

  @Test
  void bytesOfAnotherFormatOrGarbageAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> HistoryModelCodec.decode(new byte[] {1, 2, 3}));
    assertTrue(HistoryModel.empty().isEmpty());
  }
}
