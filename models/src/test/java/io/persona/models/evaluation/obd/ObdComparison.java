package io.persona.models.evaluation.obd;

import ai.djl.MalformedModelException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.catalog.Item;
import io.persona.models.evaluation.Evaluation;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.network.LogisticArchitecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.features.LabeledExamples;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DCN vs logistic regression vs popularity on the Open Bandit sample with a time-ordered split:
 * every model is fitted on the oldest {@code 1 - testShare} of impressions (its own newest part
 * held out for early stopping and calibration) and measured on the newest {@code testShare}.
 */
public final class ObdComparison {
  public static final List<String> POLICIES = List.of("random", "bts");
  public static final List<String> CAMPAIGNS = List.of("men", "women");

  public record Result(int trainExamples, long trainClicks, int testExamples, long testClicks,
                      Map<String, Evaluation> byModel) {}

  private ObdComparison() {}

  public static LabeledExamples load(Path root, FeatureSpec spec) throws IOException {
    List<ObdImpression> impressions = new ArrayList<>();
    Map<String, Map<Integer, Item>> items = new HashMap<>();
    Instant created = Instant.parse("2019-11-01T00:00:00Z");
    for (String profileSettings : POLICIES) {
      for (String campaign : CAMPAIGNS) {
        impressions.addAll(ObdReader.impressions(root, profileSettings, campaign));
        // Both policies ran the same campaigns over the same items.
        items.putIfAbsent(campaign, ObdReader.items(root, profileSettings, campaign, created));
      }
    }
    return ObdExamples.encode(spec, impressions, items);
  }

  public static FeatureSpec spec() {
    return StandardFeatures.spec(ObdExamples.featureSettings(), ProfileSettings.defaults());
  }

  public static Result run(Path root, FittingSettings settings, double testShare) throws IOException, MalformedModelException {
    FeatureSpec spec = spec();
    LabeledExamples all = load(root, spec);
    int testFrom = (int) Math.round(all.size() * (1 - testShare));
    LabeledExamples train = all.slice(0, testFrom);
    LabeledExamples test = all.slice(testFrom, all.size());

    RankerFitting fitting = new RankerFitting(spec, settings);
    Map<String, ModelArtifact> models = new LinkedHashMap<>();
    models.put(DcnV2Architecture.KIND, fitting.fitNetwork(DcnV2Architecture.defaults(), train, ModelLineage.fresh("obd-dcn")));
    models.put(LogisticArchitecture.KIND, fitting.fitNetwork(new LogisticArchitecture(), train, ModelLineage.fresh("obd-lr")));
    models.put("popularity", fitting.fitPopularity(train, ModelLineage.fresh("obd-popularity"), 200));

    Map<String, Evaluation> results = new LinkedHashMap<>();
    for (Map.Entry<String, ModelArtifact> model : models.entrySet()) {
      try (Ranker ranker = Rankers.load(model.getValue(), spec)) {
        results.put(model.getKey(), ModelEvaluation.evaluate(ranker, test));
      }
    }
    return new Result(train.size(), train.positives(), test.size(), test.positives(), results);
  }
}
