package io.persona.simulations.ranking;

import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.ItemInput;
import io.persona.models.features.RequestContext;
import io.persona.models.features.StandardFeatures;
import io.persona.models.features.UserInput;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.Scores;
import io.persona.models.synthetic.SyntheticWorld;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's ranking stage: {@code candidates} items for one user, scored by the DCN in one
 * call. Each JMH thread gets its own predictor (the ranker keeps one per thread), as serving does.
 * The model is the one {@link ModelBenchmarks} trained and saved ({@code -Dbench.model}).
 */
@State(Scope.Benchmark)
public class ScoringBenchmark {
  @Param("500")
  public int candidates;

  private Ranker ranker;
  private FeatureSpec spec;
  private UserInput user;
  private List<ItemInput> items;
  private RequestContext context;
  private FeatureBatch batch;

  @Setup(Level.Trial)
  public void load() throws Exception {
    spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
    ranker = Rankers.load(ModelArtifact.readFrom(Path.of(System.getProperty("bench.model"))), spec);
    SyntheticWorld world = new SyntheticWorld(new SyntheticWorld.Settings(100, candidates, 12, 16, 1.2, 1.5, -3, 42),
        ProfileSettings.defaults());
    SyntheticWorld.Impression one = world.sample(1, 1).get(0);
    user = one.user();
    context = one.context();
    items = new ArrayList<>(world.items());
    batch = spec.encodeBatch(user, items, context);
  }

  @TearDown(Level.Trial)
  public void close() {
    ranker.close();
  }

  /** The network alone on an encoded batch. */
  @Benchmark
  public Scores score() {
    return ranker.score(batch);
  }

  /** Feature encoding plus scoring: the whole ranking stage of a request. */
  @Benchmark
  public Scores encodeAndScore() {
    return ranker.score(spec.encodeBatch(user, items, context));
  }
}
