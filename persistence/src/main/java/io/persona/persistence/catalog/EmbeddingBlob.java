package io.persona.persistence.catalog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code item_embeddings.embedding} format: d IEEE-754 float32 values, little-endian, and
 * nothing else (d is the length / 4). Raw bits are written, so every float, NaN payloads
 * included, reads back bit for bit.
 */
final class EmbeddingBlob {
  private EmbeddingBlob() {}

  static ByteBuffer encode(float[] embedding) {
    ByteBuffer out = ByteBuffer.allocate(Float.BYTES * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : embedding) {
      out.putInt(Float.floatToRawIntBits(value));
    }
    return out.flip();
  }

  static float[] decode(ByteBuffer blob) {
    ByteBuffer in = blob.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() % Float.BYTES != 0) {
      throw new IllegalArgumentException("An embedding blob holds whole floats, got " + in.remaining() + " bytes");
    }
    float[] embedding = new float[in.remaining() / Float.BYTES];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = Float.intBitsToFloat(in.getInt());
    }
    return embedding;
  }
}
