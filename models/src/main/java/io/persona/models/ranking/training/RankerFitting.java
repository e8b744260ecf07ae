package io.persona.models.ranking.training;

import io.persona.models.features.LabeledExamples;
import ai.djl.MalformedModelException;
import io.persona.models.artifact.IncompatibleModelException;
import io.persona.models.artifact.InvalidArtifactException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.calibration.Calibrator;
import io.persona.models.calibration.IdentityCalibrator;
import io.persona.models.calibration.IsotonicCalibrator;
import io.persona.models.calibration.NegativeDownsampler;
import io.persona.models.calibration.PlattCalibrator;
import io.persona.models.evaluation.Evaluation;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.PopularityRanker;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.Scores;
import io.persona.models.ranking.network.NetworkArchitecture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole recipe from examples to a servable artifact: split by time, downsample negatives,
 * train (warm-started when there is a parent), undo the downsampling, fit the calibration map on
 * the held-out newest slice, and record it all in the artifact. The retraining loop, whose join
 * already splits and downsamples, enters half-way with {@link #fitOnStream}.
 */
public final class RankerFitting {
  private final FeatureSpec spec;
  private final FittingSettings settings;

  public RankerFitting(FeatureSpec spec, FittingSettings settings) {
    this.spec = spec;
    this.settings = settings;
  }

  public ModelArtifact fitNetwork(NetworkArchitecture architecture, LabeledExamples timeOrdered, ModelLineage lineage)
      throws MalformedModelException {
    Split split = split(timeOrdered);
    byte[] warmStart = warmStart(architecture, lineage);
    NegativeDownsampler sampler = new NegativeDownsampler(settings.negativeRate(), settings.downsamplingSeed());
    LabeledExamples train = downsample(split.train(), sampler, 0);
    LabeledExamples validation = downsample(split.validation(), sampler, split.train().size());
    return trainAndCalibrate(architecture, train, validation, split.calibration(), settings.negativeRate(), warmStart,
        lineage);
  }

  /**
   * Fits on streams the caller has already split and downsampled, as the retraining loop's join
   * delivers them (held-out slates for calibration, the rest for training). Nothing is split or
   * downsampled here; {@code settings.negativeRate()} and the shares are not used.
   *
   * @param train             examples whose negatives were kept at {@code trainNegativeRate}
   * @param validation        drives early stopping; drawn like {@code train} (same downsampling), since
   *                          the network's log-loss is measured on the distribution it learns
   * @param calibration       never downsampled: the calibration map is fitted on it after the
   *                          scores are corrected for {@code trainNegativeRate}
   * @param trainNegativeRate share of negatives kept upstream, recorded in the model so that serving
   *                          undoes the inflated odds it causes
   */
  public ModelArtifact fitOnStream(NetworkArchitecture architecture, LabeledExamples train, LabeledExamples validation,
                                   LabeledExamples calibration, double trainNegativeRate, ModelLineage lineage)
      throws MalformedModelException {
    if (!(trainNegativeRate > 0 && trainNegativeRate <= 1)) {
      throw new IllegalArgumentException("trainNegativeRate must be in (0, 1], was " + trainNegativeRate);
    }
    if (calibration.size() == 0) {
      throw new IllegalArgumentException("calibration data must not be empty");
    }
    return trainAndCalibrate(architecture, train, validation, calibration, trainNegativeRate,
        warmStart(architecture, lineage), lineage);
  }

  /** The parent's parameters when there is a parent, after checking it can be continued from. */
  private byte[] warmStart(NetworkArchitecture architecture, ModelLineage lineage) {
    if (lineage.parent() == null) {
      return null;
    }
    ModelMetadata parent = lineage.parent().metadata();
    lineage.parent().requireFeatures(spec.fingerprint());
    if (!architecture.equals(parent.architecture())) {
      throw new IncompatibleModelException("cannot warm-start " + architecture + " from model " + parent.version()
          + " with architecture " + parent.architecture());
    }
    return lineage.parent().parameters();
  }

  private ModelArtifact trainAndCalibrate(NetworkArchitecture architecture, LabeledExamples train,
                                          LabeledExamples validation, LabeledExamples calibration, double negativeRate,
                                          byte[] warmStart, ModelLineage lineage) throws MalformedModelException {
    TrainingRun run = new NetworkTrainer(spec, architecture, settings.training()).train(train, validation, warmStart);
    ModelMetadata unfitted = metadata(architecture.kind(), architecture, lineage, train.size(), negativeRate);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("train.epochs", (double) run.epochs());
    metrics.put("train.examples_per_second", run.examplesPerSecond());
    metrics.put("train.best_validation_logloss", run.bestValidationLogLoss());
    return calibrate(new ModelArtifact(unfitted, run.parameters()), calibration, metrics);
  }

  public ModelArtifact fitPopularity(LabeledExamples timeOrdered, ModelLineage lineage, double priorStrength) {
    Split split = split(timeOrdered);
    LabeledExamples train = split.beforeCalibration();
    byte[] table = PopularityRanker.table(train.features(), train.labels(), priorStrength);
    ModelMetadata unfitted = metadata(PopularityRanker.KIND, null, lineage, train.size(), 1.0);
    return calibrate(new ModelArtifact(unfitted, table), split.calibration(), new LinkedHashMap<>());
  }

  private ModelArtifact calibrate(ModelArtifact unfitted, LabeledExamples held, Map<String, Double> metrics) {
    Calibrator calibrator;
    try (Ranker uncalibrated = Rankers.load(unfitted, spec)) {
      Scores scores = uncalibrated.score(held.features());
      calibrator = switch (settings.calibration()) {
        case NONE -> new IdentityCalibrator();
        // smoothed: a calibration slice of a few thousand rows holds ~100 clicks, and an unsmoothed
        // block without one would map its scores to 0
        case ISOTONIC -> IsotonicCalibrator.fitSmoothed(scores.corrected(), held.labels());
        case PLATT -> PlattCalibrator.fit(scores.corrected(), held.labels());
      };
    }
    ModelArtifact fitted = new ModelArtifact(unfitted.metadata().withCalibrator(calibrator), unfitted.parameters());
    try (Ranker ranker = Rankers.load(fitted, spec)) {
      Evaluation onHeld = ModelEvaluation.evaluate(ranker, held);
      metrics.putAll(onHeld.asMetrics("calibration_slice."));
    } catch (InvalidArtifactException e) {
      throw new IllegalStateException("a freshly fitted model must load", e);
    }
    return new ModelArtifact(fitted.metadata().withMetrics(metrics), fitted.parameters());
  }

  private ModelMetadata metadata(String kind, NetworkArchitecture architecture, ModelLineage lineage, long examples,
                                 double negativeRate) {
    return new ModelMetadata(ModelMetadata.CURRENT_FORMAT, lineage.version(), kind, architecture, spec.name(),
        spec.fingerprint(), spec.denseColumns(), spec.sparseColumns(), Instant.now(),
        lineage.parent() == null ? null : lineage.parent().version(), lineage.dataFrom(), lineage.dataTo(), examples,
        negativeRate, new IdentityCalibrator(), Map.of(), null);
  }

  private record Split(LabeledExamples train, LabeledExamples validation, LabeledExamples calibration,
                       LabeledExamples beforeCalibration) {}

  private Split split(LabeledExamples all) {
    int n = all.size();
    int calibrationFrom = (int) Math.round(n * (1 - settings.calibrationShare()));
    int validationFrom = (int) Math.round(n * (1 - settings.calibrationShare() - settings.validationShare()));
    if (validationFrom < 1 || calibrationFrom <= validationFrom || calibrationFrom >= n) {
      throw new IllegalArgumentException(n + " examples are too few to split into train, validation and calibration");
    }
    return new Split(all.slice(0, validationFrom), all.slice(validationFrom, calibrationFrom), all.slice(calibrationFrom, n),
        all.slice(0, calibrationFrom));
  }

  /** Keeps every positive and a seeded, reproducible share of negatives; keys are global row numbers. */
  private static LabeledExamples downsample(LabeledExamples examples, NegativeDownsampler sampler, long keyOffset) {
    if (sampler.rate() >= 1) {
      return examples;
    }
    List<Integer> kept = new ArrayList<>();
    for (int r = 0; r < examples.size(); r++) {
      if (sampler.keep(examples.label(r), keyOffset + r)) {
        kept.add(r);
      }
    }
    return examples.select(kept.stream().mapToInt(Integer::intValue).toArray());
  }
}
