package io.persona.models.ranking.training;

/**
 * @param batchSize             examples per gradient step
 * @param maxEpochs             passes over the training data at most
 * @param patience              epochs without a better validation log-loss before stopping
 * @param denseLearningRate     Adam step for dense layers
 * @param embeddingLearningRate SGD step for the embedding table (the loss is a batch mean, so
 *                              this is much larger than the dense rate)
 * @param seed                  shuffling seed: the same data and seed train the same model
 */
public record TrainingSettings(int batchSize, int maxEpochs, int patience, float denseLearningRate,
                               float embeddingLearningRate, long seed) {

  public TrainingSettings {
    if (batchSize < 1 || maxEpochs < 1 || patience < 1 || !(denseLearningRate > 0) || !(embeddingLearningRate > 0)) {
      throw new IllegalArgumentException("training settings must be positive: " + this);
    }
  }

  public static TrainingSettings defaults() {
    return new TrainingSettings(256, 20, 2, 0.002f, 0.3f, 7);
  }

  public TrainingSettings withMaxEpochs(int epochs) {
    return new TrainingSettings(batchSize, epochs, patience, denseLearningRate, embeddingLearningRate, seed);
  }
}
