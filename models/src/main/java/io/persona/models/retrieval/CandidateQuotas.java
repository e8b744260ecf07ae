package io.persona.models.retrieval;

/**
 * How many candidates to retrieve in all and how many each source may contribute before the
 * remaining slots are backfilled. The per-source quotas may add up to more or less than
 * {@code total}: more lets the higher-priority sources crowd out the later ones, less leaves
 * room for backfill from whichever sources have the most to offer.
 */
public record CandidateQuotas(int total, int repeat, int history, int ann, int coVisitation,
                              int categoryPopular, int popular, int trending, int fresh) {

  public CandidateQuotas {
    if (total < 1) {
      throw new IllegalArgumentException("total must be positive, was " + total);
    }
    if (repeat < 0 || history < 0 || ann < 0 || coVisitation < 0 || categoryPopular < 0 || popular < 0
        || trending < 0 || fresh < 0) {
      throw new IllegalArgumentException("source quotas must not be negative");
    }
  }

  /** Quotas without the per-category popularity source. */
  public CandidateQuotas(int total, int repeat, int history, int ann, int coVisitation, int popular, int trending,
                         int fresh) {
    this(total, repeat, history, ann, coVisitation, 0, popular, trending, fresh);
  }

  /** Quotas of the live sources only (no history model, no repeats). */
  public CandidateQuotas(int total, int ann, int coVisitation, int trending, int fresh) {
    this(total, 0, 0, ann, coVisitation, 0, 0, trending, fresh);
  }

  /**
   * Every quota and the total times {@code share}, each rounded up: the same sources in the same
   * proportions, fewer of each.
   *
   * @throws IllegalArgumentException unless {@code share} is in (0, 1]
   */
  public CandidateQuotas scaled(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("a share of the quotas must be in (0, 1], was " + share);
    }
    return new CandidateQuotas(up(total, share), up(repeat, share), up(history, share), up(ann, share),
        up(coVisitation, share), up(categoryPopular, share), up(popular, share), up(trending, share),
        up(fresh, share));
  }

  private static int up(int quota, double share) {
    // a product that is a whole number up to floating-point error (0.07 x 100) is that number
    return (int) Math.ceil(quota * share - 1e-9);
  }

  public int of(CandidateSource source) {
    return switch (source) {
      case REPEAT -> repeat;
      case HISTORY -> history;
      case ANN -> ann;
      case CO_VISITATION -> coVisitation;
      case CATEGORY_POPULAR -> categoryPopular;
      case POPULAR -> popular;
      case TRENDING -> trending;
      case FRESH -> fresh;
      case REQUEST, PINNED -> 0; // the caller's own items and pinned ones are not retrieved
    };
  }
}
