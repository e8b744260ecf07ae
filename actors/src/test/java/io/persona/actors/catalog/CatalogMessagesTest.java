package io.persona.actors.catalog;

import com.typesafe.config.ConfigFactory;
import io.persona.models.catalog.Item;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A catalog write is published in messages whose serialized size fits an Artery frame. */
class CatalogMessagesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final int FRAME = 256 * 1024;
  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("CatalogMessagesTest",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** As large as the item rules allow: 64 attributes of 512 characters, 64 tags of 128, non-ASCII. */
  private static Item largest(int i) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int a = 0; a < 64; a++) {
      attributes.put(("k" + a + "é").repeat(10), "é".repeat(512));
    }
    List<String> tags = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      tags.add(("t" + t + "ü").repeat(30));
    }
    return new Item("item-" + i, "ß".repeat(512), "Home & Garden", tags, attributes, true, T0);
  }

  @Test
  void aThousandOfTheLargestItemsAndTheirVectorsTravelInMessagesThatEachFitAFrame() {
    List<Item> items = new ArrayList<>();
    Map<String, float[]> vectors = new LinkedHashMap<>();
    for (int i = 0; i < 1000; i++) {
      items.add(largest(i));
      vectors.put("item-" + i, new float[16]);
    }
    long whole = serialization.serialize(new CatalogChanged(items, vectors)).get().length;
    assertTrue(whole > 50L * FRAME, "one message would be " + whole + " bytes");

    List<CatalogChanged> messages = CatalogMessages.split(items, vectors, CatalogMessages.DEFAULT_BUDGET_BYTES);
    List<Item> itemsSent = new ArrayList<>();
    Map<String, float[]> vectorsSent = new LinkedHashMap<>();
    for (CatalogChanged message : messages) {
      int size = serialization.serialize(message).get().length;
      assertTrue(size <= CatalogMessages.DEFAULT_BUDGET_BYTES, "a message of " + size + " bytes");
      itemsSent.addAll(message.items());
      vectorsSent.putAll(message.embeddings());
    }
    assertEquals(items, itemsSent, "every item once, in order");
    assertEquals(vectors.keySet(), vectorsSent.keySet());
  }

  @Test
  void aSmallWriteIsOneMessage() {
    List<Item> items = List.of(new Item("a", "A", "shoes", List.of(), Map.of(), true, T0));
    List<CatalogChanged> messages = CatalogMessages.split(items, Map.of("a", new float[16]),
        CatalogMessages.DEFAULT_BUDGET_BYTES);
    assertEquals(1, messages.size());
    assertEquals(items, messages.get(0).items());
    assertEquals(1, messages.get(0).embeddings().size());
  }
}
