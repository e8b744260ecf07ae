package io.persona.persistence.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** The stored bytes themselves: rows written by earlier releases must stay readable, and new rows identical. */
class ExampleFeaturesBlobBytesTest {
  /** 1.5f, -0f and a NaN with a payload; ids 7 and -1. */
  private static final String STORED = "01"
      + "03000000" + "0000c03f" + "00000080" + "3412c07f" + "02000000" + "0700000000000000" + "ffffffffffffffff";

  private static final float[] DENSE = {1.5f, -0f, Float.intBitsToFloat(0x7fc0_1234)};
  private static final long[] SPARSE = {7, -1};

  @Test
  void anExampleIsWrittenAsItAlwaysWas() {
    assertEquals(STORED, hex(ExampleFeaturesBlob.encode(DENSE, SPARSE)));
  }

  @Test
  void storedBytesReadBack() {
    ExampleFeaturesBlob.Vectors vectors = ExampleFeaturesBlob.decode(ByteBuffer.wrap(HexFormat.of().parseHex(STORED)));
    assertEquals(0x7fc0_1234, Float.floatToRawIntBits(vectors.dense()[2]));
    assertEquals(-1, vectors.sparse()[1]);
  }

  private static String hex(ByteBuffer blob) {
    byte[] bytes = new byte[blob.remaining()];
    blob.duplicate().get(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
