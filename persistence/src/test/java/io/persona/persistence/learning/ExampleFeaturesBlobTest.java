package io.persona.persistence.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

class ExampleFeaturesBlobTest {

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  @Test
  void everyFloatAndLongComesBackBitForBit() {
    float[] awkward = {0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7fc0_1234), 1e-40f};
    long[] ids = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 262143};

    ExampleFeaturesBlob.Vectors decoded = ExampleFeaturesBlob.decode(ExampleFeaturesBlob.encode(awkward, ids));
    assertArrayEquals(bits(awkward), bits(decoded.dense()));
    assertArrayEquals(ids, decoded.sparse());

    ExampleFeaturesBlob.Vectors empty = ExampleFeaturesBlob.decode(ExampleFeaturesBlob.encode(new float[0], new long[0]));
    assertEquals(0, empty.dense().length);
    assertEquals(0, empty.sparse().length);
  }

  @Test
  void theLayoutIsTheDocumentedOne() {
    ByteBuffer blob = ExampleFeaturesBlob.encode(new float[] {1.5f}, new long[] {7, 8});

    assertEquals(1 + (4 + 4) + (4 + 2 * 8), blob.remaining());
    ByteBuffer in = blob.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(ExampleFeaturesBlob.VERSION, in.get());
    assertEquals(1, in.getInt());
    assertEquals(Float.floatToRawIntBits(1.5f), in.getInt());
    assertEquals(2, in.getInt());
    assertEquals(7, in.getLong());
    assertEquals(8, in.getLong());
  }

  @Test
  void anUnknownVersionOrACorruptBlobIsRefused() {
    ByteBuffer good = ExampleFeaturesBlob.encode(new float[] {1f, 2f}, new long[] {3});
    ByteBuffer unknownVersion = ByteBuffer.allocate(good.remaining()).put(good.duplicate()).flip();
    unknownVersion.put(0, (byte) 2);
    assertThrows(IllegalArgumentException.class, () -> ExampleFeaturesBlob.decode(unknownVersion));

    ByteBuffer truncated = good.duplicate().limit(good.limit() - 3);
    assertThrows(IllegalArgumentException.class, () -> ExampleFeaturesBlob.decode(truncated));

    ByteBuffer hugeWidth = ByteBuffer.allocate(good.remaining()).put(good.duplicate()).flip()
        .order(ByteOrder.LITTLE_ENDIAN);
    hugeWidth.putInt(1, Integer.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> ExampleFeaturesBlob.decode(hugeWidth));

    ByteBuffer trailing = ByteBuffer.allocate(good.remaining() + 1).put(good.duplicate()).put((byte) 0).flip();
    assertThrows(IllegalArgumentException.class, () -> ExampleFeaturesBlob.decode(trailing));
  }
}
