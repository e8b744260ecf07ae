package io.persona.simulations.quality;

import java.time.Duration;

/**
 * Most popular: every user gets the same list, the items with the most training events. With a
 * half-life each event counts 2^(−age/halfLife) at the end of training, so what sells now beats
 * what sold a year ago.
 *
 * @param halfLife null for plain counts
 */
public record Popularity(Duration halfLife) implements Recommender {

  @Override
  public String name() {
    return halfLife == null ? "most-popular" : "most-popular decayed (half-life " + Durations.text(halfLife) + ")";
  }

  @Override
  public Scorer fit(TrainingSet train, Fits fits) {
    double[] counts = counts(train, halfLife);
    return (user, scores) -> System.arraycopy(counts, 0, scores, 0, counts.length);
  }

  /** Event counts per item, decayed to the end of training when {@code halfLife} is not null. */
  static double[] counts(TrainingSet train, Duration halfLife) {
    double[] counts = new double[train.items()];
    long end = train.end();
    for (int e = 0; e < train.events(); e++) {
      counts[train.item(e)] += halfLife == null ? 1 : Durations.decay(end - train.time(e), halfLife);
    }
    return counts;
  }
}
