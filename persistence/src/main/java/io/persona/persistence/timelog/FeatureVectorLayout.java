package io.persona.persistence.timelog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiFunction;

/**
 * The layout both feature cells are made of ({@code prediction_log.features}, one slate, and
 * {@code training_examples.features}, one of its items, copied unchanged), little-endian:
 *
 * <pre>
 *   byte   version (1)
 *   ...    the cell's body, built of lengths and vectors:
 *   vectors = int32 dense width d,  then d float32 (raw IEEE-754 bits)
 *             int32 sparse width s, then s int64
 * </pre>
 *
 * One blob instead of frozen lists: 4 bytes per float and 8 per id with no per-element length
 * prefix, one cell per row, a decode that is a straight read, floats bit for bit. A new layout
 * gets a new version byte; readers reject versions they do not know rather than guess.
 */
public final class FeatureVectorLayout {
  public static final byte VERSION = 1;

  private FeatureVectorLayout() {}

  /** The bytes {@link #put} writes for these vectors. */
  public static int sizeOf(float[] dense, long[] sparse) {
    return 2 * Integer.BYTES + Float.BYTES * dense.length + Long.BYTES * sparse.length;
  }

  /** A buffer for a cell whose body is {@code bodyBytes} long, its version byte written. */
  public static ByteBuffer start(int bodyBytes) {
    return ByteBuffer.allocate(1 + bodyBytes).order(ByteOrder.LITTLE_ENDIAN).put(VERSION);
  }

  public static void put(ByteBuffer out, float[] dense, long[] sparse) {
    out.putInt(dense.length);
    for (float value : dense) {
      out.putInt(Float.floatToRawIntBits(value));
    }
    out.putInt(sparse.length);
    for (long id : sparse) {
      out.putLong(id);
    }
  }

  /**
   * A little-endian view of {@code cell} positioned after its version byte, the caller's buffer
   * left where it was. {@code name} names the cell in the errors.
   *
   * @throws IllegalArgumentException for a version this reader does not know
   */
  public static ByteBuffer open(ByteBuffer cell, String name) {
    ByteBuffer in = cell.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (!in.hasRemaining()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException("Unknown " + name + " version " + version);
    }
    return in;
  }

  /** Reads the next vectors and hands them to {@code vectors}. */
  public static <T> T get(ByteBuffer in, String name, BiFunction<float[], long[], T> vectors) {
    float[] dense = new float[length(in, Float.BYTES, name)];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = Float.intBitsToFloat(in.getInt());
    }
    long[] sparse = new long[length(in, Long.BYTES, name)];
    for (int i = 0; i < sparse.length; i++) {
      sparse[i] = in.getLong();
    }
    return vectors.apply(dense, sparse);
  }

  /**
   * Reads an int32 length and checks that that many elements of at least {@code bytesEach} fit in
   * what is left, so a corrupt cell fails instead of allocating.
   */
  public static int length(ByteBuffer in, int bytesEach, String name) {
    if (in.remaining() < Integer.BYTES) {
      throw new IllegalArgumentException(name + " is truncated");
    }
    int length = in.getInt();
    if (length < 0 || (long) length * bytesEach > in.remaining()) {
      throw new IllegalArgumentException(name + " is truncated or corrupt (length " + length + ")");
    }
    return length;
  }

  /** Refuses bytes after the body: a cell written by another layout must not half-parse. */
  public static void requireEnd(ByteBuffer in, String name) {
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(name + " has " + in.remaining() + " bytes after its vectors");
    }
  }
}
