package io.persona.persistence.learning;

import io.persona.persistence.timelog.FeatureVectorLayout;

import java.nio.ByteBuffer;

/**
 * The {@code training_examples.features} cell: the vectors of one impression in the
 * {@link FeatureVectorLayout}, the version byte then one item's vectors. It is the prediction
 * log's per-item layout without its item count: an example is one item, and its vectors are
 * copied from the logged slate unchanged.
 */
final class ExampleFeaturesBlob {
  static final byte VERSION = FeatureVectorLayout.VERSION;
  private static final String NAME = "Example features blob";

  /** The vectors as they come out of the blob. */
  record Vectors(float[] dense, long[] sparse) {}

  private ExampleFeaturesBlob() {}

  static ByteBuffer encode(float[] dense, long[] sparse) {
    ByteBuffer out = FeatureVectorLayout.start(FeatureVectorLayout.sizeOf(dense, sparse));
    FeatureVectorLayout.put(out, dense, sparse);
    return out.flip();
  }

  static Vectors decode(ByteBuffer blob) {
    ByteBuffer in = FeatureVectorLayout.open(blob, NAME);
    Vectors vectors = FeatureVectorLayout.get(in, NAME, Vectors::new);
    FeatureVectorLayout.requireEnd(in, NAME);
    return vectors;
  }
}
