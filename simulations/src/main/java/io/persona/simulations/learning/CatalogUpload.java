package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.PersonaHttp;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tells Persona about the simulated catalog: id, title, category and tags, never the hidden latent
 * vector nor any embedding, so every bit of taste Persona shows is learned from the loop.
 */
final class CatalogUpload {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BATCH = 1000;

  private final PersonaHttp http;

  CatalogUpload(PersonaHttp http) {
    this.http = http;
  }

  /** Upserts every item, 1000 per request; answers how many the node reported upserted. */
  long upload(List<WorldItem> items) throws IOException, InterruptedException {
    Instant now = Instant.now();
    long upserted = 0;
    for (int from = 0; from < items.size(); from += BATCH) {
      ArrayNode batch = MAPPER.createArrayNode();
      for (WorldItem item : items.subList(from, Math.min(items.size(), from + BATCH))) {
        ObjectNode json = batch.addObject();
        json.put("itemId", item.itemId());
        json.put("title", item.title());
        json.put("category", SimulatedWorld.categoryId(item.category()));
        ArrayNode tags = json.putArray("tags");
        item.tags().forEach(tags::add);
        json.put("created", created(item, now).toString());
      }
      upserted += http.post("/v1/items", batch.toString(), Duration.ofSeconds(60)).path("upserted").asLong();
    }
    return upserted;
  }

  /**
   * When the item entered the catalog: spread over the past year, as in a real catalog, rather
   * than all at the upload. Item age is not part of the click model; with every item created at
   * once, every item aged in lockstep during a run, and the drift monitor saw the newest rows'
   * item_age_days beyond any training row's (PSI 5.8 every cycle in a world stationary in taste).
   */
  static Instant created(WorldItem item, Instant now) {
    int hours = Math.floorMod(item.itemId().hashCode() * 31 + 17, 365 * 24);
    return now.minus(Duration.ofHours(24 + hours));
  }

  /**
   * Waits, up to {@code patience}, until the node's vector index holds {@code items} vectors
   * (index inserts run behind the catalog writes), so the first minute measures the loop and not the
   * bulk load. A node without the admin endpoint is not waited for.
   */
  void awaitIndexed(long items, Duration patience) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    long indexed = -1;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.get("/v1/admin/serving", Duration.ofSeconds(5));
      if (response.statusCode() == 404) {
        return;
      }
      if (response.statusCode() == 200) {
        JsonNode catalog = MAPPER.readTree(response.body()).path("catalog");
        indexed = catalog.path("indexedVectors").asLong(-1);
        if (indexed < 0 || indexed >= items) {
          return;
        }
      }
      Thread.sleep(1000);
    }
    System.out.printf("  the index holds %d of %d items after %d s; starting anyway%n", indexed, items,
        patience.toSeconds());
  }
}
