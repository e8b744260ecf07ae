package io.persona.models.ranking;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import io.persona.models.artifact.InvalidArtifactException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.calibration.Calibrator;
import io.persona.models.calibration.DownsamplingCorrection;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.network.Networks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DJL network serving from an artifact. Parameters are frozen (no autograd bookkeeping while
 * serving) and each calling thread gets its own {@link Predictor}: predictors are not thread-safe,
 * and one per thread avoids a lock on the hot path.
 */
public final class NetworkRanker implements Ranker {
  private final ModelMetadata metadata;
  private final Model model;
  private final DownsamplingCorrection correction;
  private final Calibrator calibrator;
  private final Set<Predictor<FeatureBatch, float[]>> predictors = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<Predictor<FeatureBatch, float[]>> predictor;
  private volatile boolean closed;

  NetworkRanker(ModelArtifact artifact, FeatureSpec spec) {
    this.metadata = artifact.metadata();
    if (metadata.architecture() == null) {
      throw new InvalidArtifactException("model " + metadata.version() + " of kind " + metadata.kind() + " has no network architecture");
    }
    this.model = Model.newInstance(metadata.version(), "PyTorch");
    try {
      Block network = Networks.instantiate(metadata.architecture(), spec, model.getNDManager(), artifact.parameters());
      network.freezeParameters(true);
      model.setBlock(network);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new InvalidArtifactException("model " + metadata.version() + " cannot be loaded: " + e.getMessage(), e);
    }
    this.correction = new DownsamplingCorrection(metadata.downsamplingRate());
    this.calibrator = metadata.calibrator();
    this.predictor = ThreadLocal.withInitial(() -> {
      Predictor<FeatureBatch, float[]> p = model.newPredictor(new LogitTranslator());
      predictors.add(p);
      return p;
    });
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public Scores score(FeatureBatch candidates) {
    if (closed) {
      throw new IllegalStateException("model " + metadata.version() + " is closed");
    }
    if (candidates.denseWidth() != metadata.denseColumns().size() || candidates.sparseWidth() != metadata.sparseColumns().size()) {
      throw new IllegalArgumentException("batch has " + candidates.denseWidth() + "+" + candidates.sparseWidth()
          + " columns, model " + metadata.version() + " expects " + metadata.denseColumns().size() + "+"
          + metadata.sparseColumns().size());
    }
    float[] logits;
    try {
      logits = predictor.get().predict(candidates);
    } catch (TranslateException e) {
      throw new IllegalStateException("scoring failed in model " + metadata.version() + ": " + e.getMessage(), e);
    }
    double[] raw = new double[logits.length];
    double[] corrected = new double[logits.length];
    double[] calibrated = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      raw[i] = 1 / (1 + Math.exp(-logits[i]));
      corrected[i] = correction.correct(raw[i]);
      calibrated[i] = calibrator.calibrate(corrected[i]);
    }
    return new Scores(raw, corrected, calibrated);
  }

  @Override
  public void close() {
    closed = true;
    predictors.forEach(Predictor::close);
    predictors.clear();
    model.close();
  }

  /** Batch in, one logit per row out; the probability math stays in Java where it is testable. */
  private static final class LogitTranslator implements NoBatchifyTranslator<FeatureBatch, float[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, FeatureBatch batch) {
      return Networks.input(ctx.getNDManager(), batch);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList output) {
      return output.singletonOrThrow().toFloatArray();
    }
  }
}
