package io.persona.simulations.quality;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured on one protocol: the split and its validation split (the same protocol
 * applied to the training part), every method tuned on validation separately for each seen
 * policy, then trained on the whole training part and scored once on the test. The served
 * benchmark runs the baselines only, on the same split it replays through a node.
 */
public final class ProtocolRun {
  private final Protocol protocol;
  private final boolean exactAls;
  private final Fits fits;
  private final PrintStream log;
  private final Split test;
  private final Evaluator testEvaluator;
  private final Evaluator validation;
  private final List<MethodRow> rows = new ArrayList<>();
  private final List<TuningTrace> traces = new ArrayList<>();
  private long lastMark = System.nanoTime();

  /** The tried configurations of one tuning. */
  record TuningTrace(String protocol, SeenPolicy seen, String label, List<Tuner.Trial> trials) {}

  public ProtocolRun(Protocol protocol, TrainingSet data, int maxTestUsers, int maxValidationUsers, boolean exactAls,
                     Fits fits, PrintStream log) {
    this.protocol = protocol;
    this.exactAls = exactAls;
    this.fits = fits;
    this.log = log;
    this.test = TestUsers.atMost(protocol.split(data), maxTestUsers);
    this.validation = new Evaluator(TestUsers.atMost(protocol.split(test.train()), maxValidationUsers));
    this.testEvaluator = new Evaluator(test);
  }

  /** The test split (its cases sampled down to the test-user cap). */
  public Split test() {
    return test;
  }

  public Split validationSplit() {
    return validation.split();
  }

  public List<MethodRow> rows() {
    return rows;
  }

  List<TuningTrace> traces() {
    return traces;
  }

  /** Every baseline and every candidate. */
  public ProtocolRun run() {
    return run(true);
  }

  /** The baselines only (most-popular, decayed, item-kNN, tuned ALS and its cosine variant). */
  public ProtocolRun runBaselines() {
    return run(false);
  }

  private ProtocolRun run(boolean candidates) {
    long started = System.nanoTime();
    for (SeenPolicy seen : SeenPolicy.values()) {
      log.printf("%s, seen=%s: tuning on %d validation users%n", protocol.name(), seen.label(),
          validation.split().cases().size());
      Tuner tuner = new Tuner(validation, seen, fits);
      TunedBaselines baselines = baselines(seen, tuner);
      if (candidates) {
        candidates(seen, tuner, baselines);
      }
    }
    log.printf("%s: %.0f s%n", protocol.name(), (System.nanoTime() - started) / 1e9);
    return this;
  }

  /** What the candidates start from: the tuned decayed popularity and ALS. */
  private record TunedBaselines(Popularity popularity, Als als) {}

  private TunedBaselines baselines(SeenPolicy seen, Tuner tuner) {
    score(seen, MethodRow.BASELINE, "most-popular", new Popularity(null), Double.NaN);
    var popularity = tuned(seen, "most-popular decayed", tuner.tune(new Popularity(null), SearchSpace.popularity(), 1));
    score(seen, MethodRow.BASELINE, "most-popular decayed", popularity.best(), popularity.hitRate());
    score(seen, MethodRow.BASELINE, "item-kNN last 5", new ItemKnn(5), Double.NaN);
    var als = tuned(seen, "ALS", tuner.tune(SearchSpace.alsStart(), SearchSpace.als(), 1));
    score(seen, MethodRow.BASELINE, "ALS-CG inner product", als.best(), als.hitRate());
    Als cosine = als.best().withCosine(true);
    score(seen, MethodRow.BASELINE, "ALS-CG cosine", cosine, tuner.tune(cosine, List.of(), 1).hitRate());
    if (exactAls) {
      score(seen, MethodRow.BASELINE, "ALS exact (ImplicitAls)", als.best().withExact(true), Double.NaN);
    }
    return new TunedBaselines(popularity.best(), als.best());
  }

  private void candidates(SeenPolicy seen, Tuner tuner, TunedBaselines baselines) {
    var decayedAls = tuned(seen, "ALS time-decayed", tuner.tune(baselines.als(), SearchSpace.alsDecay(), 1));
    score(seen, MethodRow.CANDIDATE, "ALS-CG time-decayed events", decayedAls.best(), decayedAls.hitRate());
    HistoryBlend start = SearchSpace.blendStart(baselines.popularity().halfLife(), decayedAls.best());
    if (seen == SeenPolicy.INCLUDE) { // under exclude it can show nothing but the popularity fallback
      var repeat = tuned(seen, "recently interacted",
          tuner.tune(start.withWeights(new BlendWeights(0, 1, 0, 0)), SearchSpace.repeat(), 1));
      score(seen, MethodRow.CANDIDATE, "recently interacted", repeat.best(), repeat.hitRate());
    }
    var co = tuned(seen, "co-occurrence", tuner.tune(start, SearchSpace.coOccurrence(), 1));
    score(seen, MethodRow.CANDIDATE, "co-occurrence", co.best(), co.hitRate());
    var blend = tuned(seen, "blend", tuner.tune(co.best(), SearchSpace.blend(seen), 1));
    score(seen, MethodRow.CANDIDATE, "co-occurrence + repeat + popularity", blend.best(), blend.hitRate());
    var withAls = tuned(seen, "blend + ALS", tuner.tune(blend.best(), SearchSpace.blendWithAls(seen), 1));
    score(seen, MethodRow.CANDIDATE, "co-occurrence + repeat + popularity + ALS", withAls.best(), withAls.hitRate());
    HistoryBlend defaults = SearchSpace.defaults(seen);
    score(seen, MethodRow.CANDIDATE, "blend, fixed defaults (untuned)", defaults,
        tuner.tune(defaults, List.of(), 1).hitRate());
  }

  private <R extends Recommender> Tuner.Tuned<R> tuned(SeenPolicy seen, String label, Tuner.Tuned<R> result) {
    traces.add(new TuningTrace(protocol.name(), seen, label, result.trials()));
    long now = System.nanoTime();
    log.printf("  (tuned %s: %d configurations, %.0f s)%n", label, result.trials().size(), (now - lastMark) / 1e9);
    lastMark = now;
    return result;
  }

  private void score(SeenPolicy seen, String role, String label, Recommender method, double validationHitRate) {
    long start = System.nanoTime();
    Evaluation evaluation = testEvaluator.evaluate(method.fit(test.train(), fits), seen);
    double seconds = (System.nanoTime() - start) / 1e9;
    lastMark = System.nanoTime();
    MethodRow row = new MethodRow(protocol.name(), seen, role, label, method.name(), validationHitRate, evaluation,
        seconds);
    rows.add(row);
    log.printf("  %-42s HR@10 %.4f  NDCG@10 %.4f  MRR@10 %.4f  coverage %.3f  (validation HR %.4f, %.1f s)%n",
        label, evaluation.all().hitRate(), evaluation.all().ndcg(), evaluation.all().mrr(), evaluation.coverage(),
        validationHitRate, seconds);
  }
}
