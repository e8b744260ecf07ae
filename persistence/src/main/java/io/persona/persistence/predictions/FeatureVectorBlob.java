package io.persona.persistence.predictions;

import io.persona.models.slate.ServedItem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code prediction_log.features} format: the dense and sparse vectors of every item of a
 * slate, in item order, little-endian:
 *
 * <pre>
 *   byte   version (1)
 *   int32  item count n
 *   n times:
 *     int32    dense width d,  then d float32 (raw IEEE-754 bits)
 *     int32    sparse width s, then s int64
 * </pre>
 *
 * One blob instead of frozen lists of lists: 4 bytes per float and 8 per id with no per-element
 * length prefix (a frozen list prefixes each element with 4 bytes), one cell per row, and a
 * decode that is a straight read. Widths are per item so a slate never has to be uniform. A new
 * layout gets a new version byte; readers reject versions they do not know rather than guess.
 */
final class FeatureVectorBlob {
  static final byte VERSION = 1;

  /** The vectors of one item as they come out of the blob. */
  record Vectors(float[] dense, long[] sparse) {}

  private FeatureVectorBlob() {}

  static ByteBuffer encode(List<ServedItem> items) {
    int size = 1 + Integer.BYTES;
    for (ServedItem item : items) {
      size += 2 * Integer.BYTES + Float.BYTES * item.dense().length + Long.BYTES * item.sparse().length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.put(VERSION).putInt(items.size());
    for (ServedItem item : items) {
      out.putInt(item.dense().length);
      for (float value : item.dense()) {
        out.putInt(Float.floatToRawIntBits(value));
      }
      out.putInt(item.sparse().length);
      for (long id : item.sparse()) {
        out.putLong(id);
      }
    }
    return out.flip();
  }

  static List<Vectors> decode(ByteBuffer blob) {
    ByteBuffer in = blob.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("Unknown feature blob version " + version);
    }
    int count = in.getInt();
    if (count < 0 || (long) count * 2 * Integer.BYTES > in.remaining()) {
      throw new IllegalArgumentException("Feature blob is truncated or corrupt (item count " + count + ")");
    }
    List<Vectors> vectors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] dense = new float[width(in, Float.BYTES)];
      for (int j = 0; j < dense.length; j++) {
        dense[j] = Float.intBitsToFloat(in.getInt());
      }
      long[] sparse = new long[width(in, Long.BYTES)];
      for (int j = 0; j < sparse.length; j++) {
        sparse[j] = in.getLong();
      }
      vectors.add(new Vectors(dense, sparse));
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("Feature blob has " + in.remaining() + " bytes after its last item");
    }
    return vectors;
  }

  /** Reads a width and checks it fits what is left, so a corrupt blob fails instead of allocating. */
  private static int width(ByteBuffer in, int bytesPerValue) {
    int width = in.getInt();
    if (width < 0 || (long) width * bytesPerValue > in.remaining()) {
      throw new IllegalArgumentException("Feature blob is truncated or corrupt (width " + width + ")");
    }
    return width;
  }
}
