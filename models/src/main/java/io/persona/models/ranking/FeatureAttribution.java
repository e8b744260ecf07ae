package io.persona.models.ranking;

import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureGroup;
import io.persona.models.features.FeatureSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which features moved a ranker's score of a candidate most, by leaving one feature out at a time
 * and scoring again: a dense feature takes its mean over the request's candidates (the average
 * candidate's value), a categorical or crossed one its "missing" id (the model not knowing it). A
 * feature's effect is the candidate's corrected score minus its score without that feature, in the
 * unit the list is ordered by; positive raised it.
 *
 * <p>Only item and user × item features are left out: a user or context feature has the same value
 * for every candidate of a request, so it cannot say why one candidate ranks above another. The
 * effects of a network's features need not add up to the score (the features interact); each is
 * what that one feature, alone, changed. One batch scores every left-out copy together: a list of
 * k items costs k × (features + 1) rows, computed only when a request asks.
 */
public final class FeatureAttribution {
  /**
   * Effects smaller than this share of the score (at least of 0.001) are not reported: a feature the
   * ranker does not read can still move a float32 network's output in its last bits.
   */
  static final double NEGLIGIBLE = 1e-6;

  /** @param effect the corrected score with the feature minus without it */
  public record Effect(String feature, double effect) {}

  private FeatureAttribution() {}

  /**
   * @param rows which rows of {@code batch} to explain
   * @param top  how many effects to keep per row, the largest in size first
   * @return per explained row (in the order of {@code rows}), its largest effects
   */
  public static List<List<Effect>> of(FeatureSpec spec, Ranker ranker, FeatureBatch batch, int[] rows, int top) {
    if (rows.length == 0) {
      return List.of();
    }
    List<FeatureSpec.Placement> varying = new ArrayList<>();
    for (FeatureSpec.Placement p : spec.placements()) {
      if (p.feature().group() == FeatureGroup.ITEM || p.feature().group() == FeatureGroup.CROSS) {
        varying.add(p);
      }
    }
    int d = batch.denseWidth();
    int s = batch.sparseWidth();
    float[] means = denseMeans(batch);
    int copies = varying.size() + 1; // the row as it is, then one per left-out feature
    int n = rows.length * copies;
    float[] dense = new float[n * d];
    long[] sparse = new long[n * s];
    String[] keys = new String[n];
    float[] sourceDense = batch.denseValues();
    long[] sourceSparse = batch.sparseIds();
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      for (int c = 0; c < copies; c++) {
        int to = i * copies + c;
        System.arraycopy(sourceDense, row * d, dense, to * d, d);
        System.arraycopy(sourceSparse, row * s, sparse, to * s, s);
        keys[to] = batch.key(row);
        if (c > 0) {
          FeatureSpec.Placement p = varying.get(c - 1);
          if (p.dense()) {
            System.arraycopy(means, p.at(), dense, to * d + p.at(), p.width());
          } else {
            sparse[to * s + p.at()] = spec.missingId(p.feature());
          }
        }
      }
    }
    double[] scores = ranker.score(new FeatureBatch(n, d, s, dense, sparse, keys)).corrected();
    List<List<Effect>> explained = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      double whole = scores[i * copies];
      double negligible = NEGLIGIBLE * Math.max(Math.abs(whole), 1e-3);
      List<Effect> effects = new ArrayList<>();
      for (int f = 0; f < varying.size(); f++) {
        double effect = whole - scores[i * copies + 1 + f];
        if (Math.abs(effect) > negligible) {
          effects.add(new Effect(varying.get(f).feature().name(), effect));
        }
      }
      effects.sort(Comparator.comparingDouble((Effect e) -> -Math.abs(e.effect())).thenComparing(Effect::feature));
      explained.add(List.copyOf(effects.subList(0, Math.min(top, effects.size()))));
    }
    return explained;
  }

  private static float[] denseMeans(FeatureBatch batch) {
    int d = batch.denseWidth();
    double[] sums = new double[d];
    float[] values = batch.denseValues();
    for (int r = 0; r < batch.rows(); r++) {
      for (int c = 0; c < d; c++) {
        sums[c] += values[r * d + c];
      }
    }
    float[] means = new float[d];
    for (int c = 0; c < d; c++) {
      means[c] = (float) (sums[c] / batch.rows());
    }
    return means;
  }
}
