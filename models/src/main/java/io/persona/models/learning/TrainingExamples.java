package io.persona.models.learning;

import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.LabeledExamples;

import java.util.List;

/** Joined examples as the trainer takes them. */
public final class TrainingExamples {
  private TrainingExamples() {}

  /**
   * The logged feature arrays, copied into one batch in the given order, with their labels. Nothing
   * is re-encoded: these are the values serving scored (the skew monitor re-scores them). Weights are not carried: the trainer
   * undoes negative downsampling through the rate recorded in the model instead.
   *
   * @throws IllegalArgumentException if an example was encoded with another spec (its column
   *     meanings may differ even where widths agree) or has other widths than {@code spec}
   */
  public static LabeledExamples toLabeled(List<TrainingExample> examples, FeatureSpec spec) {
    return copy(examples, spec, false);
  }

  /**
   * As {@link #toLabeled}, each row moved to the slot it was shown in ({@link FeatureSpec#placeAtSlot}):
   * serving scores every candidate at the request's slot, and a click depends on where the item
   * was shown, so training, calibration and the gate see the shown slot. The rest of every vector
   * is the logged one. (A request's own {@code slot} offset is not logged, so the shown slot is the
   * position in the slate; requests are at slot 0 unless a client pages.)
   */
  public static LabeledExamples asShown(List<TrainingExample> examples, FeatureSpec spec) {
    return copy(examples, spec, true);
  }

  private static LabeledExamples copy(List<TrainingExample> examples, FeatureSpec spec, boolean atShownSlot) {
    int rows = examples.size();
    int d = spec.denseWidth();
    int s = spec.sparseWidth();
    float[] dense = new float[rows * d];
    long[] sparse = new long[rows * s];
    String[] keys = new String[rows];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      TrainingExample e = examples.get(r);
      if (!e.featureFingerprint().equals(spec.fingerprint())) {
        throw new IllegalArgumentException("example " + e.requestId() + "/" + e.itemId() + " was encoded with features "
            + e.featureFingerprint() + ", the spec " + spec.name() + " has " + spec.fingerprint());
      }
      if (e.dense().length != d || e.sparse().length != s) {
        throw new IllegalArgumentException("example " + e.requestId() + "/" + e.itemId() + " has " + e.dense().length
            + " dense and " + e.sparse().length + " sparse values, the spec has " + d + " and " + s);
      }
      System.arraycopy(e.dense(), 0, dense, r * d, d);
      System.arraycopy(e.sparse(), 0, sparse, r * s, s);
      if (atShownSlot) {
        spec.placeAtSlot(dense, r * d, sparse, r * s, e.position());
      }
      keys[r] = e.itemId();
      labels[r] = e.label();
    }
    return new LabeledExamples(new FeatureBatch(rows, d, s, dense, sparse, keys), labels);
  }
}
