package io.persona.models.artifact;

import io.persona.models.calibration.Calibrator;
import io.persona.models.ranking.network.NetworkArchitecture;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to serve a model correctly and to know where it came from.
 *
 * @param kind               "dcn-v2", "logistic" or "popularity"
 * @param architecture       network shape; null for models without a network (popularity)
 * @param featureFingerprint fingerprint of the feature spec the model was trained with
 * @param parentVersion      the model this one was warm-started from, null if none
 * @param dataFrom           time of the oldest training example (null if unknown)
 * @param dataTo             time of the newest training example (null if unknown)
 * @param downsamplingRate   share of negatives kept in training (1 = none dropped); scores are
 *                           corrected with it before calibration
 * @param calibrator         fitted on held-out data after the correction
 * @param metrics            held-out metrics at training time, by name
 * @param parametersSha256   hex SHA-256 of the parameter bytes, checked on load
 */
public record ModelMetadata(
    int format,
    String version,
    String kind,
    NetworkArchitecture architecture,
    String featureSpec,
    String featureFingerprint,
    List<String> denseColumns,
    List<String> sparseColumns,
    Instant createdAt,
    String parentVersion,
    Instant dataFrom,
    Instant dataTo,
    long trainingExamples,
    double downsamplingRate,
    Calibrator calibrator,
    Map<String, Double> metrics,
    String parametersSha256) {

  public static final int CURRENT_FORMAT = 1;

  public ModelMetadata {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(featureFingerprint, "featureFingerprint");
    Objects.requireNonNull(calibrator, "calibrator");
    denseColumns = denseColumns == null ? List.of() : List.copyOf(denseColumns);
    sparseColumns = sparseColumns == null ? List.of() : List.copyOf(sparseColumns);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    if (!(downsamplingRate > 0 && downsamplingRate <= 1)) {
      throw new IllegalArgumentException("downsamplingRate must be in (0, 1], was " + downsamplingRate);
    }
  }

  public ModelMetadata withCalibrator(Calibrator fitted) {
    return new ModelMetadata(format, version, kind, architecture, featureSpec, featureFingerprint, denseColumns,
        sparseColumns, createdAt, parentVersion, dataFrom, dataTo, trainingExamples, downsamplingRate, fitted,
        metrics, parametersSha256);
  }

  public ModelMetadata withMetrics(Map<String, Double> measured) {
    return new ModelMetadata(format, version, kind, architecture, featureSpec, featureFingerprint, denseColumns,
        sparseColumns, createdAt, parentVersion, dataFrom, dataTo, trainingExamples, downsamplingRate, calibrator,
        measured, parametersSha256);
  }

  ModelMetadata withParametersSha256(String sha) {
    return new ModelMetadata(format, version, kind, architecture, featureSpec, featureFingerprint, denseColumns,
        sparseColumns, createdAt, parentVersion, dataFrom, dataTo, trainingExamples, downsamplingRate, calibrator,
        metrics, sha);
  }
}
