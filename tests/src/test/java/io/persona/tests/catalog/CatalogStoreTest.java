package io.persona.tests.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.models.catalog.Item;
import io.persona.persistence.catalog.ItemEmbeddingRepository;
import io.persona.persistence.catalog.ItemRepository;
import io.persona.tests.support.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Item catalog and item embeddings on the real Cassandra node. */
@ExtendWith(SharedCassandra.class)
class CatalogStoreTest {
  private static CqlSession session;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    keyspace = SharedCassandra.settings().keyspace();
    session = SharedCassandra.migratedSession();
  }

  @AfterAll
  static void disconnect() {
    session.close();
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " [" + i + "]");
    }
  }

  @Test
  void loadAllReturnsEveryItemAsWritten() throws Exception {
    ItemRepository items = new ItemRepository(session, keyspace);
    String run = UUID.randomUUID().toString();
    // timestamps hold milliseconds
    Instant created = Instant.ofEpochMilli(Instant.now().toEpochMilli());
    List<Item> written = List.of(
        new Item(run + "-shoe", "Running shoe", "shoes", List.of("sport", "red"), Map.of("size", "42"), true, created),
        new Item(run + "-hat", "", "hats", List.of(), Map.of(), false, created.minusSeconds(3600)),
        new Item(run + "-sock", "Sock", "socks", List.of("wool"), Map.of("pack", "3", "colour", "grey"), true, created));
    assertEquals(3, items.upsertAll(written).toCompletableFuture().get(30, TimeUnit.SECONDS));

    Map<String, Item> loaded = items.loadAll().stream()
        .filter(item -> item.itemId().startsWith(run))
        .collect(Collectors.toMap(Item::itemId, item -> item));

    assertEquals(written.stream().collect(Collectors.toMap(Item::itemId, item -> item)), loaded);
  }

  @Test
  void embeddingsRoundTripBitForBitAndAreReplacedByANewUpsert() throws Exception {
    ItemEmbeddingRepository embeddings = new ItemEmbeddingRepository(session, keyspace);
    String run = UUID.randomUUID().toString();
    Random random = new Random(5);
    // more items than one connection takes at once, so the upsert has to go out in chunks
    Map<String, float[]> written = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      float[] embedding = new float[16];
      for (int j = 0; j < embedding.length; j++) {
        embedding[j] = Float.intBitsToFloat(random.nextInt());
      }
      written.put(run + "-" + i, embedding);
    }
    written.put(run + "-awkward", new float[] {-0f, Float.MIN_VALUE, Float.NaN, Float.intBitsToFloat(0xffc0_0001),
        Float.POSITIVE_INFINITY, 1e-42f});
    assertEquals(written.size(), embeddings.upsertAll(written).toCompletableFuture().get(60, TimeUnit.SECONDS));

    Map<String, float[]> loaded = embeddings.loadAll();
    for (Map.Entry<String, float[]> entry : written.entrySet()) {
      float[] back = loaded.get(entry.getKey());
      assertNotNull(back, entry.getKey() + " loaded");
      assertSameBits(entry.getValue(), back, entry.getKey());
    }
    assertEquals(written.size(), loaded.keySet().stream().filter(id -> id.startsWith(run)).count());

    String awkward = run + "-awkward";
    assertSameBits(written.get(awkward), embeddings.find(awkward).toCompletableFuture().get().orElseThrow(), awkward);
    assertFalse(embeddings.find(run + "-never-trained").toCompletableFuture().get().isPresent());

    float[] retrained = {0.5f, 0.25f};
    embeddings.upsertAll(Map.of(awkward, retrained)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertSameBits(retrained, embeddings.find(awkward).toCompletableFuture().get().orElseThrow(), "retrained");
  }
}
