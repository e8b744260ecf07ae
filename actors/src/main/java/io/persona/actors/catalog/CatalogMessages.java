package io.persona.actors.catalog;

import io.persona.models.catalog.Item;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one catalog write into {@link CatalogChanged} messages that each fit one Artery frame
 * (256 KiB by default). A message over the frame is dropped by the transport, so other nodes
 * would never see that write; the size of a message is bounded by an upper estimate of its
 * serialized form (every character counted as 3 UTF-8 bytes, every field with room for its
 * framing), so no item count is trusted: one item may carry 64 attributes of 512 characters.
 */
public final class CatalogMessages {
  /** Half the default frame: room for the envelope, and for an estimate that errs large. */
  public static final int DEFAULT_BUDGET_BYTES = 128 * 1024;
  private static final int FIELD_OVERHEAD = 8;

  private CatalogMessages() {}

  /** The messages, items first in their order, then embeddings; each within {@code budgetBytes}. */
  public static List<CatalogChanged> split(List<Item> items, Map<String, float[]> embeddings, int budgetBytes) {
    List<CatalogChanged> messages = new ArrayList<>();
    List<Item> itemPart = new ArrayList<>();
    long size = 0;
    for (Item item : items) {
      long itemSize = estimate(item);
      if (!itemPart.isEmpty() && size + itemSize > budgetBytes) {
        messages.add(new CatalogChanged(itemPart, Map.of()));
        itemPart = new ArrayList<>();
        size = 0;
      }
      itemPart.add(item);
      size += itemSize;
    }
    Map<String, float[]> vectorPart = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> entry : embeddings.entrySet()) {
      long vectorSize = text(entry.getKey()) + 4L * entry.getValue().length + FIELD_OVERHEAD;
      if ((!itemPart.isEmpty() || !vectorPart.isEmpty()) && size + vectorSize > budgetBytes) {
        messages.add(new CatalogChanged(itemPart, vectorPart));
        itemPart = new ArrayList<>();
        vectorPart = new LinkedHashMap<>();
        size = 0;
      }
      vectorPart.put(entry.getKey(), entry.getValue());
      size += vectorSize;
    }
    if (!itemPart.isEmpty() || !vectorPart.isEmpty()) {
      messages.add(new CatalogChanged(itemPart, vectorPart));
    }
    return messages;
  }

  /** An upper bound of the item's serialized size. */
  static long estimate(Item item) {
    long size = text(item.itemId()) + text(item.title()) + text(item.category()) + 4 * FIELD_OVERHEAD;
    for (String tag : item.tags()) {
      size += text(tag);
    }
    for (Map.Entry<String, String> attribute : item.attributes().entrySet()) {
      size += text(attribute.getKey()) + text(attribute.getValue());
    }
    return size;
  }

  private static long text(String value) {
    return value == null ? FIELD_OVERHEAD : 3L * value.length() + FIELD_OVERHEAD;
  }
}
