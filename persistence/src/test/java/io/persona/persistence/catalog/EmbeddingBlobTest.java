package io.persona.persistence.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

class EmbeddingBlobTest {

  @Test
  void floatsComeBackBitForBitAsFourLittleEndianBytesEach() {
    float[] embedding = {0.25f, -0f, Float.MIN_VALUE, Float.intBitsToFloat(0x7fa0_0001), -3.75e12f};

    ByteBuffer blob = EmbeddingBlob.encode(embedding);

    assertEquals(4 * embedding.length, blob.remaining());
    assertEquals(0.25f, blob.duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat());
    float[] decoded = EmbeddingBlob.decode(blob);
    assertEquals(embedding.length, decoded.length);
    for (int i = 0; i < embedding.length; i++) {
      assertEquals(Float.floatToRawIntBits(embedding[i]), Float.floatToRawIntBits(decoded[i]), "element " + i);
    }
    assertArrayEquals(new float[0], EmbeddingBlob.decode(EmbeddingBlob.encode(new float[0])));
  }

  @Test
  void aBlobOfPartialFloatsIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddingBlob.decode(ByteBuffer.allocate(7)));
  }
}
