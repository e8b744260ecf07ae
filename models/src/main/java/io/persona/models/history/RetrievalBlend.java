package io.persona.models.history;

/**
 * The source weights a history model serves with, one set per seen-items mode, and how they were
 * decided: measured on the history itself (HR@10 over the candidates of held-out interactions, see
 * {@link BlendTuning}), or the defaults when the history was too small to measure.
 *
 * @param exclude       weights when seen items are left out
 * @param include       weights when seen items may come back
 * @param excludeHitRate HR@10 of {@code exclude} on the held-out interactions, the mean over the
 *                       hold-outs (NaN: not measured)
 * @param includeHitRate the same for {@code include}
 * @param users          held-out users the rates were measured on (0: not measured)
 * @param sources        the sources' own settings chosen by the same measurement, or null: the
 *                       configured ones (not measured, measured with their search off, or stored
 *                       before they were measured)
 */
public record RetrievalBlend(SourceWeights exclude, SourceWeights include, double excludeHitRate,
                            double includeHitRate, int users, SourceSettings sources) {

  /** Weights without chosen source settings: the configured ones are served. */
  public RetrievalBlend(SourceWeights exclude, SourceWeights include, double excludeHitRate, double includeHitRate,
                        int users) {
    this(exclude, include, excludeHitRate, includeHitRate, users, null);
  }

  /**
   * Before a measurement: co-occurrence first, a little popularity and ALS; the user's own items as
   * strong as co-occurrence where they may come back. The exclude weights are the offline
   * benchmark's tuning on Online Retail (simulations/results/quality-offline.md).
   */
  public static final RetrievalBlend DEFAULT = new RetrievalBlend(new SourceWeights(1, 0, 0.03, 0.3, 0),
      new SourceWeights(1, 1, 0.05, 0.3, 0), Double.NaN, Double.NaN, 0);

  public SourceWeights weights(boolean seenIncluded) {
    return seenIncluded ? include : exclude;
  }

  /** The source settings this blend was measured with: its own, else {@code configured}. */
  public SourceSettings sourcesOr(SourceSettings configured) {
    return sources == null ? configured : sources;
  }

  public boolean measured() {
    return users > 0;
  }
}
