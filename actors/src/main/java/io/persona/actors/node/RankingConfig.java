package io.persona.actors.node;

import com.typesafe.config.Config;
import io.persona.models.features.StandardFeatures;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.CalibrationMethod;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.ranking.training.RankingSettings;
import io.persona.models.ranking.training.TrainingSettings;

import java.util.Locale;

/**
 * Reads {@code persona.ranking} (see cluster-config's reference.conf) into the models' own
 * settings records: models stays free of the configuration library and runs the same offline.
 */
public final class RankingConfig {
  private RankingConfig() {}

  /** @param ranking the {@code persona.ranking} block */
  public static RankingSettings read(Config ranking) {
    Config f = ranking.getConfig("features");
    Config d = ranking.getConfig("dcn");
    Config t = ranking.getConfig("training");
    StandardFeatures.Settings features = new StandardFeatures.Settings(f.getInt("embedding-dimension"),
        f.getLong("hash-buckets"), f.getStringList("context-attributes"), f.getDouble("ctr-prior"),
        f.getDouble("ctr-prior-strength"), f.getBoolean("train-at-shown-slot"),
        f.getBoolean("raw-embeddings"));
    DcnV2Architecture dcn = new DcnV2Architecture(d.getInt("embedding-dimension"), d.getInt("cross-layers"),
        d.getInt("cross-rank"), d.getIntList("deep-layers"));
    TrainingSettings training = new TrainingSettings(t.getInt("batch-size"), t.getInt("max-epochs"),
        t.getInt("patience"), (float) t.getDouble("dense-learning-rate"),
        (float) t.getDouble("embedding-learning-rate"), t.getLong("seed"));
    FittingSettings fitting = new FittingSettings(t.getDouble("negative-rate"), t.getLong("seed"),
        CalibrationMethod.valueOf(t.getString("calibration").toUpperCase(Locale.ROOT)),
        t.getDouble("validation-share"), t.getDouble("calibration-share"), training);
    return new RankingSettings(features, dcn, fitting);
  }
}
