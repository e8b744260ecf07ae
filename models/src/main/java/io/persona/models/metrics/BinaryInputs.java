package io.persona.models.metrics;

/**
 * Argument checks shared by everything that takes parallel arrays of predictions and 0/1 labels.
 * They fail loudly because a silently wrong metric (a NaN probability, a label of 2, a length
 * mismatch from an off-by-one join) is far more expensive than an exception during evaluation.
 */
public final class BinaryInputs {
  private BinaryInputs() {}

  /** Scores may be any non-NaN real (AUC only needs their order); labels must be 0 or 1. */
  public static void requireScores(double[] scores, int[] labels) {
    requireSameLength(scores, labels);
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score at index " + i + " is NaN");
      }
    }
    requireLabels(labels);
  }

  /** Probabilities must lie in [0, 1]; labels must be 0 or 1. */
  public static void requireProbabilities(double[] probabilities, int[] labels) {
    requireSameLength(probabilities, labels);
    for (int i = 0; i < probabilities.length; i++) {
      requireProbability(probabilities[i], "probability at index " + i);
    }
    requireLabels(labels);
  }

  /** Rejects NaN and anything outside [0, 1]; {@code what} names the value in the message. */
  public static double requireProbability(double p, String what) {
    if (!(p >= 0.0 && p <= 1.0)) { // also false for NaN
      throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
    }
    return p;
  }

  /** Rejects any label other than 0 or 1. */
  public static int requireLabel(int label) {
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0 or 1, got " + label);
    }
    return label;
  }

  private static void requireLabels(int[] labels) {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException(
            "label at index " + i + " must be 0 or 1, got " + labels[i]);
      }
    }
  }

  private static void requireSameLength(double[] predictions, int[] labels) {
    if (predictions == null || labels == null) {
      throw new IllegalArgumentException("predictions and labels must not be null");
    }
    if (predictions.length != labels.length) {
      throw new IllegalArgumentException(
          "predictions and labels differ in length: "
              + predictions.length
              + " vs "
              + labels.length);
    }
    if (predictions.length == 0) {
      throw new IllegalArgumentException("predictions and labels must not be empty");
    }
  }
}
