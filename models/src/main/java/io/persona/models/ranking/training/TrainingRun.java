package io.persona.models.ranking.training;

/**
 * The outcome of training: the best parameters seen on the validation slice.
 *
 * @param epochs                 epochs run (early stopping may end before the maximum)
 * @param bestValidationLogLoss  log-loss of the returned parameters on the validation slice
 *                               (on the downsampled distribution the network was trained on)
 * @param examplesPerSecond      training throughput, gradient steps only
 */
public record TrainingRun(byte[] parameters, int epochs, double bestValidationLogLoss, long examplesSeen,
                          double examplesPerSecond) {}
