package io.persona.persistence.predictions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.persona.models.slate.ServedItem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

class FeatureVectorBlobTest {

  private static ServedItem item(String id, float[] dense, long[] sparse) {
    return new ServedItem(id, 0, "ann", 0.5, 0.1, 1.0, dense, sparse);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  @Test
  void everyFloatAndLongComesBackBitForBit() {
    float oddNaN = Float.intBitsToFloat(0x7fc0_1234);
    float[] awkward = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, Float.MAX_VALUE, Float.NEGATIVE_INFINITY,
        Float.NaN, oddNaN, 1e-40f, (float) Math.PI};
    long[] ids = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 262143, 0x0102030405060708L};
    Random random = new Random(42);
    float[] randomDense = new float[97];
    for (int i = 0; i < randomDense.length; i++) {
      randomDense[i] = Float.intBitsToFloat(random.nextInt());
    }
    List<ServedItem> items = List.of(
        item("a", awkward, ids),
        item("b", new float[0], new long[0]),
        item("c", randomDense, new long[] {random.nextLong()}));

    List<FeatureVectorBlob.Vectors> decoded = FeatureVectorBlob.decode(FeatureVectorBlob.encode(items));

    assertEquals(items.size(), decoded.size());
    for (int i = 0; i < items.size(); i++) {
      assertArrayEquals(bits(items.get(i).dense()), bits(decoded.get(i).dense()), "dense of item " + i);
      assertArrayEquals(items.get(i).sparse(), decoded.get(i).sparse(), "sparse of item " + i);
    }
  }

  @Test
  void theLayoutIsTheDocumentedOne() {
    ByteBuffer blob = FeatureVectorBlob.encode(List.of(item("a", new float[] {1.5f}, new long[] {7, 8})));

    assertEquals(1 + 4 + (4 + 4) + (4 + 2 * 8), blob.remaining());
    ByteBuffer in = blob.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(FeatureVectorBlob.VERSION, in.get());
    assertEquals(1, in.getInt());
    assertEquals(1, in.getInt());
    assertEquals(1.5f, in.getFloat());
    assertEquals(2, in.getInt());
    assertEquals(7L, in.getLong());
    assertEquals(8L, in.getLong());
  }

  @Test
  void anEmptySlateIsFiveBytes() {
    ByteBuffer blob = FeatureVectorBlob.encode(List.of());
    assertEquals(5, blob.remaining());
    assertEquals(List.of(), FeatureVectorBlob.decode(blob));
  }

  @Test
  void decodingDoesNotMoveTheCallersBuffer() {
    ByteBuffer blob = FeatureVectorBlob.encode(List.of(item("a", new float[] {1f}, new long[] {2})));
    int before = blob.position();
    FeatureVectorBlob.decode(blob);
    assertEquals(before, blob.position());
  }

  @Test
  void anUnknownVersionOrATruncatedBlobIsRejected() {
    ByteBuffer blob = FeatureVectorBlob.encode(List.of(item("a", new float[] {1f, 2f}, new long[] {3})));

    ByteBuffer otherVersion = ByteBuffer.allocate(blob.remaining()).put(blob.duplicate()).flip();
    otherVersion.put(0, (byte) 2);
    assertThrows(IllegalArgumentException.class, () -> FeatureVectorBlob.decode(otherVersion));

    ByteBuffer truncated = blob.duplicate().limit(blob.limit() - 3);
    assertThrows(IllegalArgumentException.class, () -> FeatureVectorBlob.decode(truncated));

    ByteBuffer hugeCount = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1 << 30).flip();
    assertThrows(IllegalArgumentException.class, () -> FeatureVectorBlob.decode(hugeCount));

    ByteBuffer trailing = ByteBuffer.allocate(blob.remaining() + 1).put(blob.duplicate()).put((byte) 0).flip();
    assertThrows(IllegalArgumentException.class, () -> FeatureVectorBlob.decode(trailing));
  }
}
