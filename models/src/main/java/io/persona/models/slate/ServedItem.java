package io.persona.models.slate;

import java.util.Objects;

/**
 * One item of a served slate, with everything needed to learn from what happens next: where it
 * was shown, where it came from, how it was scored, how likely the policy was to put it there,
 * and the feature values exactly as the ranker saw them.
 *
 * @param position        0-based slot in the slate
 * @param source          the retrieval source that proposed it ("ann", "co_visitation", ...)
 * @param rawScore        the ranker's output before downsampling correction and calibration
 * @param calibratedScore the probability the slate was ranked by
 * @param propensity      probability that the serving policy put this item in this position, given
 *                        the items it had placed in the earlier positions (conditional, per slot:
 *                        the probability of slots 0..p together is the product of theirs)
 * @param dense           dense feature values as scored (width = spec.denseWidth())
 * @param sparse          hashed categorical ids as scored (width = spec.sparseWidth())
 */
public record ServedItem(String itemId, int position, String source, double rawScore, double calibratedScore,
                         double propensity, float[] dense, long[] sparse) {

  public ServedItem {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dense, "dense");
    Objects.requireNonNull(sparse, "sparse");
    if (!(propensity > 0 && propensity <= 1)) {
      throw new IllegalArgumentException("propensity must be in (0, 1], was " + propensity);
    }
  }
}
