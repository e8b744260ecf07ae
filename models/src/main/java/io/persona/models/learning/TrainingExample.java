package io.persona.models.learning;

import java.time.Instant;
import java.util.Objects;

/**
 * One impression of a served slate with its label: the unit the trainer learns from. The feature
 * vectors are the ones logged when the slate was served, never recomputed, so training sees
 * exactly what serving saw.
 *
 * @param label    1 when a positive outcome answered the impression within the attribution window
 * @param weight   1 for positives and held-out rows; 1/w for a kept negative of the training
 *                 stream, whose negatives are downsampled at rate w
 * @param holdout  true for impressions of slates in the held-out stream (chosen by a hash of
 *                 requestId): never trained on, never downsampled, used to calibrate and evaluate
 */
public record TrainingExample(String requestId, String userId, String itemId, Instant servedAt, int position,
                              String source, int label, double weight, boolean holdout, double propensity,
                              double rawScore, double calibratedScore, String modelVersion, String variant,
                              String featureFingerprint, float[] dense, long[] sparse) {

  public TrainingExample {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(servedAt, "servedAt");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(featureFingerprint, "featureFingerprint");
    Objects.requireNonNull(dense, "dense");
    Objects.requireNonNull(sparse, "sparse");
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0 or 1, was " + label);
    }
    if (!(weight > 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be positive, was " + weight);
    }
  }
}
