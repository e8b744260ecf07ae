package io.persona.simulations.quality;

/** A recommendation method with fixed parameters, trained from a split's training events. */
public interface Recommender {

  /** Short name with its parameters, as in the results table. */
  String name();

  /**
   * @param fits where trained parts shared with other configurations are kept (an ALS model, a
   *             co-occurrence table); a method may ignore it
   */
  Scorer fit(TrainingSet train, Fits fits);
}
