package io.persona.simulations.quality;

/** The share of each source in a {@link HistoryBlend}; a source of weight 0 is not computed. */
public record BlendWeights(double coOccurrence, double repeat, double popularity, double als) {

  public BlendWeights {
    if (coOccurrence < 0 || repeat < 0 || popularity < 0 || als < 0) {
      throw new IllegalArgumentException("weights must not be negative: " + this);
    }
  }

  public BlendWeights withCoOccurrence(double w) {
    return new BlendWeights(w, repeat, popularity, als);
  }

  public BlendWeights withRepeat(double w) {
    return new BlendWeights(coOccurrence, w, popularity, als);
  }

  public BlendWeights withPopularity(double w) {
    return new BlendWeights(coOccurrence, repeat, w, als);
  }

  public BlendWeights withAls(double w) {
    return new BlendWeights(coOccurrence, repeat, popularity, w);
  }
}
