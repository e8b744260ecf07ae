package io.persona.persistence.predictions;

import io.persona.models.slate.ServedItem;
import io.persona.persistence.timelog.FeatureVectorLayout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code prediction_log.features} cell: the vectors of every item of a slate, in item order,
 * in the {@link FeatureVectorLayout}:
 *
 * <pre>
 *   byte   version (1)
 *   int32  item count n
 *   n times: the item's vectors (dense width, floats, sparse width, ids)
 * </pre>
 *
 * Widths are per item so a slate never has to be uniform.
 */
final class FeatureVectorBlob {
  static final byte VERSION = FeatureVectorLayout.VERSION;
  private static final String NAME = "Feature blob";
  /** The least an item takes: its two widths. */
  private static final int MIN_ITEM_BYTES = 2 * Integer.BYTES;

  /** The vectors of one item as they come out of the blob. */
  record Vectors(float[] dense, long[] sparse) {}

  private FeatureVectorBlob() {}

  static ByteBuffer encode(List<ServedItem> items) {
    int body = Integer.BYTES;
    for (ServedItem item : items) {
      body += FeatureVectorLayout.sizeOf(item.dense(), item.sparse());
    }
    ByteBuffer out = FeatureVectorLayout.start(body).putInt(items.size());
    for (ServedItem item : items) {
      FeatureVectorLayout.put(out, item.dense(), item.sparse());
    }
    return out.flip();
  }

  static List<Vectors> decode(ByteBuffer blob) {
    ByteBuffer in = FeatureVectorLayout.open(blob, NAME);
    int count = FeatureVectorLayout.length(in, MIN_ITEM_BYTES, NAME);
    List<Vectors> vectors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      vectors.add(FeatureVectorLayout.get(in, NAME, Vectors::new));
    }
    FeatureVectorLayout.requireEnd(in, NAME);
    return vectors;
  }
}
