package io.persona.simulations.quality;

/**
 * A way to cut events into training and test. Applied to the training part of its own split it
 * gives the validation split that parameters are tuned on, so the test is never looked at.
 */
public interface Protocol {

  String name();

  Split split(TrainingSet data);
}
