package io.persona.models.features;

import io.persona.models.features.FeatureBatch;

import java.util.Arrays;

/** Feature rows with their 0/1 outcomes, in time order where the caller has one. */
public record LabeledExamples(FeatureBatch features, int[] labels) {

  public LabeledExamples {
    if (features.rows() != labels.length) {
      throw new IllegalArgumentException(features.rows() + " rows but " + labels.length + " labels");
    }
    for (int label : labels) {
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1, found " + label);
      }
    }
    labels = labels.clone();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  public int size() {
    return labels.length;
  }

  public int label(int row) {
    return labels[row];
  }

  public long positives() {
    return Arrays.stream(labels).filter(l -> l == 1).count();
  }

  public LabeledExamples select(int[] rows) {
    int[] picked = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      picked[i] = labels[rows[i]];
    }
    return new LabeledExamples(features.select(rows), picked);
  }

  public LabeledExamples slice(int from, int to) {
    return new LabeledExamples(features.slice(from, to), Arrays.copyOfRange(labels, from, to));
  }
}
