package io.persona.persistence.learning;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code training_examples.features} format: the dense and sparse vectors of one impression,
 * little-endian:
 *
 * <pre>
 *   byte   version (1)
 *   int32  dense width d,  then d float32 (raw IEEE-754 bits)
 *   int32  sparse width s, then s int64
 * </pre>
 *
 * The per-item layout of the prediction log's FeatureVectorBlob without its item count: an
 * example is one item, and the vectors are copied from the logged slate unchanged. One blob
 * instead of frozen lists: 4 bytes per float, 8 per id, one cell, a straight decode, floats bit
 * for bit. A new layout gets a new version byte; readers reject versions they do not know.
 */
final class ExampleFeaturesBlob {
  static final byte VERSION = 1;

  /** The vectors as they come out of the blob. */
  record Vectors(float[] dense, long[] sparse) {}

  private ExampleFeaturesBlob() {}

  static ByteBuffer encode(float[] dense, long[] sparse) {
    ByteBuffer out = ByteBuffer.allocate(1 + 2 * Integer.BYTES + Float.BYTES * dense.length + Long.BYTES * sparse.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(VERSION).putInt(dense.length);
    for (float value : dense) {
      out.putInt(Float.floatToRawIntBits(value));
    }
    out.putInt(sparse.length);
    for (long id : sparse) {
      out.putLong(id);
    }
    return out.flip();
  }

  static Vectors decode(ByteBuffer blob) {
    ByteBuffer in = blob.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("Unknown example features blob version " + version);
    }
    float[] dense = new float[width(in, Float.BYTES)];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = Float.intBitsToFloat(in.getInt());
    }
    long[] sparse = new long[width(in, Long.BYTES)];
    for (int i = 0; i < sparse.length; i++) {
      sparse[i] = in.getLong();
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("Example features blob has " + in.remaining() + " bytes after its vectors");
    }
    return new Vectors(dense, sparse);
  }

  /** Reads a width and checks it fits what is left, so a corrupt blob fails instead of allocating. */
  private static int width(ByteBuffer in, int bytesPerValue) {
    if (in.remaining() < Integer.BYTES) {
      throw new IllegalArgumentException("Example features blob is truncated");
    }
    int width = in.getInt();
    if (width < 0 || (long) width * bytesPerValue > in.remaining()) {
      throw new IllegalArgumentException("Example features blob is truncated or corrupt (width " + width + ")");
    }
    return width;
  }
}
