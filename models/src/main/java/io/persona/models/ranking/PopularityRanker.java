package io.persona.models.ranking;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.models.artifact.InvalidArtifactException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.calibration.IdentityCalibrator;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.ItemStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline every learned ranker must beat, and the fallback before one exists: each item's
 * click-through rate, shrunk towards the overall rate so that rarely shown items are not ranked
 * by luck. Ignores the user entirely.
 */
public final class PopularityRanker implements Ranker {
  public static final String KIND = "popularity";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the artifact's parameter bytes hold. */
  record Table(double prior, double priorStrength, Map<String, long[]> counts) {}

  private final ModelMetadata metadata;
  private final Table table;

  PopularityRanker(ModelArtifact artifact) {
    this.metadata = artifact.metadata();
    try {
      this.table = JSON.readValue(artifact.parameters(), Table.class);
    } catch (IOException e) {
      throw new InvalidArtifactException("popularity model " + metadata.version() + " has an unreadable table: " + e.getMessage(), e);
    }
  }

  /** Counts impressions and clicks per row key (item id) of {@code batch}. */
  public static byte[] table(FeatureBatch batch, int[] labels, double priorStrength) {
    Map<String, long[]> counts = new HashMap<>();
    long clicks = 0;
    for (int r = 0; r < batch.rows(); r++) {
      long[] c = counts.computeIfAbsent(batch.key(r), k -> new long[2]);
      c[0]++;
      c[1] += labels[r];
      clicks += labels[r];
    }
    double prior = batch.rows() == 0 ? 0 : (double) clicks / batch.rows();
    return tableBytes(new Table(prior, priorStrength, counts));
  }

  /** A table from live item statistics (what a node has before any model is trained). */
  public static byte[] table(Map<String, ItemStats> stats, double prior, double priorStrength) {
    Map<String, long[]> counts = new HashMap<>();
    stats.forEach((item, s) -> counts.put(item, new long[] {s.impressions(), s.clicks()}));
    return tableBytes(new Table(prior, priorStrength, counts));
  }

  /**
   * A ready-to-serve popularity ranker over live item statistics: what a node ranks with before
   * any trained model exists. Its scores are the smoothed click-through rates themselves
   * (identity calibration): with no held-out outcomes there is nothing to calibrate against.
   */
  public static Ranker fromLiveStats(String version, FeatureSpec spec, Map<String, ItemStats> stats, double prior,
                                     double priorStrength) {
    ModelMetadata metadata = new ModelMetadata(ModelMetadata.CURRENT_FORMAT, version, KIND, null, spec.name(),
        spec.fingerprint(), spec.denseColumns(), spec.sparseColumns(), Instant.now(), null, null, null,
        0, 1.0, new IdentityCalibrator(), Map.of(), null);
    return new PopularityRanker(new ModelArtifact(metadata, table(stats, prior, priorStrength)));
  }

  private static byte[] tableBytes(Table table) {
    try {
      return JSON.writeValueAsBytes(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public Scores score(FeatureBatch candidates) {
    double[] rate = new double[candidates.rows()];
    double[] calibrated = new double[rate.length];
    for (int r = 0; r < rate.length; r++) {
      long[] c = table.counts().get(candidates.key(r));
      long impressions = c == null ? 0 : c[0];
      long clicks = c == null ? 0 : c[1];
      rate[r] = (clicks + table.prior() * table.priorStrength()) / (impressions + table.priorStrength());
      calibrated[r] = metadata.calibrator().calibrate(rate[r]);
    }
    return new Scores(rate, rate.clone(), calibrated);
  }

  @Override
  public void close() {
    // Nothing native to release.
  }
}
