package io.persona.actors.catalog;

import io.persona.models.catalog.Item;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.persistence.catalog.ItemEmbeddingRepository;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes catalog changes: to Cassandra first (so a node that starts later loads them), then to
 * every node's replica over pub-sub, in messages that fit a frame ({@link CatalogMessages}). A
 * write is acknowledged only after Cassandra has it.
 */
public final class CatalogWriter {
  private final ItemCategories items;
  private final ItemEmbeddingRepository embeddings;
  private final ActorRef<Topic.Command<CatalogChanged>> topic;

  public CatalogWriter(ItemCategories items, ItemEmbeddingRepository embeddings,
                       ActorRef<Topic.Command<CatalogChanged>> topic) {
    this.items = items;
    this.embeddings = embeddings;
    this.topic = topic;
  }

  /** Upserts {@code changed} items and trained {@code vectors} (by item id); answers the item count. */
  public CompletionStage<Integer> write(List<Item> changed, Map<String, float[]> vectors) {
    CompletionStage<Integer> itemsWritten = changed.isEmpty()
        ? CompletableFuture.completedFuture(0)
        : items.upsertAll(changed);
    return itemsWritten
        .thenCompose(count -> (vectors.isEmpty()
            ? CompletableFuture.completedFuture(0)
            : embeddings.upsertAll(vectors)).thenApply(ignored -> count))
        .thenApply(count -> {
          for (CatalogChanged message : CatalogMessages.split(changed, vectors, CatalogMessages.DEFAULT_BUDGET_BYTES)) {
            topic.tell(Topic.publish(message));
          }
          return count;
        });
  }

  /**
   * Deletes an item: its row and its trained vector from Cassandra, then from every node's replica
   * (and with it from the vector index and every candidate source). Deleting an unknown item is
   * harmless.
   */
  public CompletionStage<Void> delete(String itemId) {
    return items.delete(itemId)
        .thenCompose(done -> embeddings.delete(itemId))
        .thenRun(() -> topic.tell(Topic.publish(CatalogChanged.removal(List.of(itemId)))));
  }
}
