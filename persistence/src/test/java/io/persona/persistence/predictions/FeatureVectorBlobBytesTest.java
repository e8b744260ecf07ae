package io.persona.persistence.predictions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.slate.ServedItem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

/** The stored bytes themselves: rows written by earlier releases must stay readable, and new rows identical. */
class FeatureVectorBlobBytesTest {
  /** Two items: (1.5f, -0f, a NaN with a payload; ids 7, -1) and (no floats; id 0x0102030405060708). */
  private static final String STORED = "01" + "02000000"
      + "03000000" + "0000c03f" + "00000080" + "3412c07f" + "02000000" + "0700000000000000" + "ffffffffffffffff"
      + "00000000" + "01000000" + "0807060504030201";

  private static final List<ServedItem> ITEMS = List.of(
      new ServedItem("a", 0, "ann", 0.5, 0.1, 1.0,
          new float[] {1.5f, -0f, Float.intBitsToFloat(0x7fc0_1234)}, new long[] {7, -1}),
      new ServedItem("b", 1, "ann", 0.5, 0.1, 1.0, new float[0], new long[] {0x0102030405060708L}));

  @Test
  void aSlateIsWrittenAsItAlwaysWas() {
    assertEquals(STORED, hex(FeatureVectorBlob.encode(ITEMS)));
  }

  @Test
  void storedBytesReadBack() {
    List<FeatureVectorBlob.Vectors> vectors = FeatureVectorBlob.decode(ByteBuffer.wrap(HexFormat.of().parseHex(STORED)));
    assertEquals(2, vectors.size());
    assertEquals(0x7fc0_1234, Float.floatToRawIntBits(vectors.get(0).dense()[2]));
    assertEquals(0x0102030405060708L, vectors.get(1).sparse()[0]);
  }

  private static String hex(ByteBuffer blob) {
    byte[] bytes = new byte[blob.remaining()];
    blob.duplicate().get(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
