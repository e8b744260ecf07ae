package io.persona.models.ranking.training;

import io.persona.models.features.LabeledExamples;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.network.NetworkArchitecture;
import io.persona.models.ranking.network.Networks;
import io.persona.models.ranking.network.SparseEmbedding;

import java.util.Random;

/**
 * Mini-batch training of a network on its own copy of the parameters: the serving model is never
 * touched, a new one is published when training ends. Adam updates dense layers; plain SGD updates
 * the embedding table (see {@link SparseEmbedding}). Early stopping keeps the parameters with the
 * best validation log-loss.
 */
public final class NetworkTrainer {
  private static final Object ONE_TRAINING_AT_A_TIME = new Object();
  private final FeatureSpec spec;
  private final NetworkArchitecture architecture;
  private final TrainingSettings settings;

  public NetworkTrainer(FeatureSpec spec, NetworkArchitecture architecture, TrainingSettings settings) {
    this.spec = spec;
    this.architecture = architecture;
    this.settings = settings;
  }

  /**
   * @param warmStart parameters of a previous model of the same architecture and spec to start
   *                  from, or null to start from random initialization
   */
  public TrainingRun train(LabeledExamples train, LabeledExamples validation, byte[] warmStart)
      throws MalformedModelException {
    if (train.size() == 0 || validation.size() == 0) {
      throw new IllegalArgumentException("training and validation data must not be empty");
    }
    // PyTorch's engine allows one gradient collector per process: a second training started while
    // one runs would fail, so trainings in one JVM take turns.
    synchronized (ONE_TRAINING_AT_A_TIME) {
      return trainAlone(train, validation, warmStart);
    }
  }

  private TrainingRun trainAlone(LabeledExamples train, LabeledExamples validation, byte[] warmStart)
      throws MalformedModelException {
    Engine engine = Engine.getEngine("PyTorch");
    // Seeds parameter initialization too: the same data and settings give the same model.
    engine.setRandomSeed((int) settings.seed());
    try (NDManager manager = NDManager.newBaseManager(engine.defaultDevice(), "PyTorch")) {
      Block network = Networks.instantiate(architecture, spec, manager, warmStart);
      // Loaded parameters come back without autograd; fresh ones have it. Make both trainable.
      for (Pair<String, Parameter> named : network.getParameters()) {
        named.getValue().getArray().setRequiresGradient(true);
      }
      Optimizer dense = Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.denseLearningRate())).build();
      Optimizer sparse = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(settings.embeddingLearningRate())).build();
      ParameterStore store = new ParameterStore(manager, false);
      Loss loss = Loss.sigmoidBinaryCrossEntropyLoss();
      Random shuffle = new Random(settings.seed());

      double best = validationLogLoss(network, store, manager, validation);
      byte[] bestParameters = Networks.parameters(network);
      int sinceBest = 0;
      int epochs = 0;
      long seen = 0;
      long trainingNanos = 0;
      while (epochs < settings.maxEpochs() && sinceBest < settings.patience()) {
        epochs++;
        int[] order = permutation(train.size(), shuffle);
        long started = System.nanoTime();
        for (int from = 0; from < order.length; from += settings.batchSize()) {
          int to = Math.min(order.length, from + settings.batchSize());
          int[] rows = java.util.Arrays.copyOfRange(order, from, to);
          step(network, store, manager, loss, dense, sparse, train.select(rows));
          seen += rows.length;
        }
        trainingNanos += System.nanoTime() - started;
        double current = validationLogLoss(network, store, manager, validation);
        if (current < best - 1e-6) {
          best = current;
          bestParameters = Networks.parameters(network);
          sinceBest = 0;
        } else {
          sinceBest++;
        }
      }
      double perSecond = trainingNanos == 0 ? 0 : seen / (trainingNanos / 1e9);
      return new TrainingRun(bestParameters, epochs, best, seen, perSecond);
    }
  }

  private static void step(Block network, ParameterStore store, NDManager manager, Loss loss,
                           Optimizer dense, Optimizer sparse, LabeledExamples batch) {
    try (NDManager scope = manager.newSubManager()) {
      NDList input = Networks.input(scope, batch.features());
      NDArray labels = scope.create(toFloats(batch.labels()), new Shape(batch.size(), 1));
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList logits = network.forward(store, input, true);
        collector.backward(loss.evaluate(new NDList(labels), logits));
      }
      for (Pair<String, Parameter> named : network.getParameters()) {
        Parameter parameter = named.getValue();
        NDArray weight = parameter.getArray();
        try (NDArray gradient = weight.getGradient()) {
          Optimizer optimizer = SparseEmbedding.PARAMETER.equals(parameter.getName()) ? sparse : dense;
          optimizer.update(parameter.getId(), weight, gradient);
          gradient.subi(gradient);
        }
      }
    }
  }

  /** Mean log-loss of the network's raw probabilities on {@code examples}. */
  static double validationLogLoss(Block network, ParameterStore store, NDManager manager, LabeledExamples examples) {
    float[] logits = logits(network, store, manager, examples);
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      // log(1 + e^-|z|) + max(z, 0) - z*y: stable for large logits.
      double z = logits[i];
      sum += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - z * examples.label(i);
    }
    return sum / logits.length;
  }

  static float[] logits(Block network, ParameterStore store, NDManager manager, LabeledExamples examples) {
    float[] out = new float[examples.size()];
    int chunk = 4096;
    for (int from = 0; from < examples.size(); from += chunk) {
      int to = Math.min(examples.size(), from + chunk);
      try (NDManager scope = manager.newSubManager()) {
        NDList input = Networks.input(scope, examples.features().slice(from, to));
        float[] part = network.forward(store, input, false).singletonOrThrow().toFloatArray();
        System.arraycopy(part, 0, out, from, part.length);
      }
    }
    return out;
  }

  private static int[] permutation(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static float[] toFloats(int[] labels) {
    float[] out = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i];
    }
    return out;
  }
}
