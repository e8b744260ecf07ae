package io.persona.models.history;

import ai.djl.MalformedModelException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.ItemInput;
import io.persona.models.features.ItemStats;
import io.persona.models.features.LabeledExamples;
import io.persona.models.features.RequestContext;
import io.persona.models.features.RetrievalSignals;
import io.persona.models.features.UserInput;
import io.persona.models.hashing.StableHash;
import io.persona.models.profile.UserProfile;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.network.NetworkArchitecture;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A ranker before the first served slate: trained on the history's own hold-outs, the ones the blend
 * is measured on ({@link BlendTuning}). Each held-out interaction is a request; its candidates are
 * what retrieval returned at the hold-out's moment (every source refitted without
 * the held-out interactions), the held-out item is the positive, and negatives are sampled from the
 * other candidates. Features come from the one feature definition ({@link FeatureSpec}) over the
 * profile as it was before the held-out event (its kept events replayed), so no feature contains the
 * label; the embeddings are the hold-out's own ALS, which the default spec reads only through
 * rotation-invariant values (inner product, the ALS retrieval signal).
 *
 * <p>Users are split by a stable hash into disjoint parts: training, early stopping, calibration and
 * evaluation. The ranker is judged per seen mode on the evaluation users' last-interaction cases (one
 * per user and mode, so the pairs are independent; the cut hold-out's targets all follow the cut,
 * and a ranker trained on other users' later interactions would know the trend after it, which the
 * blend cannot), against the measured blend on the same candidate lists (uncatalogued candidates left
 * out of both, as serving never has them): a paired sign test on
 * the cases where exactly one of them puts the held-out item in its first 10. It orders the lists of
 * each mode where it is significantly better; the blend keeps ordering the others. The blend's
 * weights were chosen on those very cases, so the comparison favours the blend.
 *
 * <p>Two things a served request has that a case from history has not are drawn at random, independent
 * of the label, so the network learns to ignore what the history cannot teach instead of answering
 * values it never saw with arbitrary weights (measured: a ranker trained with both fixed lost 0.07 of
 * served HR@10 against the blend's order of the same candidates):
 * <ul>
 *   <li><b>when the user asks</b>: anywhere between the hold-out's moment and the held-out event's
 *       own time (a user may ask just before acting, or long after their last visit, as a benchmark
 *       asking every user at once does), so the profile's recency features take both kinds of value;</li>
 *   <li><b>an item's served impressions and clicks</b>: a history has none, a serving node counts them
 *       from its first slate on.</li>
 * </ul>
 */
public final class HistoryRanking {
  private static final int K = 10;
  private static final String[] MODES = {"exclude", "include"};

  /**
   * @param negativesPerCase   negatives sampled per held-out interaction for training and early stopping
   * @param evaluationShare    share of the held-out users that judge the ranker against the blend
   * @param calibrationShare   share whose full candidate lists fit the calibration map
   * @param validationShare    share that drives early stopping
   * @param minZ               the paired sign test's z the ranker must reach to be adopted (2.33: one-sided 1 %)
   * @param maxCalibrationCases calibration encodes every candidate: at most this many cases
   * @param minEvaluationCases fewer evaluation cases than this: no ranker is trained (nothing to judge it on)
   * @param rerankDepth        the ranker orders the blend's best this many (the rest follow in the blend's
   *                           order), in training, judgement and serving alike; 0: every candidate
   * @param seed               the negative sampling's seed
   * @param modes              the seen modes ("exclude", "include") whose lists the ranker may order
   *                           where it wins; it is judged in both, and the blend orders the others
   */
  public record Settings(int negativesPerCase, double evaluationShare, double calibrationShare,
                         double validationShare, double minZ, int maxCalibrationCases, int minEvaluationCases,
                         int rerankDepth, long seed, Set<String> modes) {
    public Settings {
      modes = Set.copyOf(modes);
      if (!Set.of(MODES).containsAll(modes)) {
        throw new IllegalArgumentException("ranker modes must be some of exclude, include, were " + modes);
      }
      if (negativesPerCase < 1) {
        throw new IllegalArgumentException("negativesPerCase must be >= 1");
      }
      if (evaluationShare <= 0 || calibrationShare <= 0 || validationShare <= 0
          || evaluationShare + calibrationShare + validationShare >= 1) {
        throw new IllegalArgumentException("the shares must be positive and leave users to train on");
      }
    }

    public static Settings defaults() {
      return new Settings(50, 0.25, 0.1, 0.1, 2.33, 300, 200, 0, 17, Set.of("include"));
    }
  }

  /**
   * The ranker against the blend on the evaluation users, per seen mode and pooled.
   *
   * @param rankerOnly cases the ranker hits and the blend misses
   * @param blendOnly  cases the blend hits and the ranker misses
   * @param z          (rankerOnly - blendOnly) / sqrt(rankerOnly + blendOnly): the paired sign test
   */
  public record Comparison(int cases, int rankerHits, int blendHits, int rankerOnly, int blendOnly) {
    public double rankerHitRate() {
      return cases == 0 ? Double.NaN : rankerHits / (double) cases;
    }

    public double blendHitRate() {
      return cases == 0 ? Double.NaN : blendHits / (double) cases;
    }

    public double z() {
      int discordant = rankerOnly + blendOnly;
      return discordant == 0 ? 0 : (rankerOnly - blendOnly) / Math.sqrt(discordant);
    }

    Comparison plus(Comparison o) {
      return new Comparison(cases + o.cases, rankerHits + o.rankerHits, blendHits + o.blendHits,
          rankerOnly + o.rankerOnly, blendOnly + o.blendOnly);
    }
  }

  /**
   * The trained ranker and how it compared per seen mode; {@code servesExclude} / {@code servesInclude}
   * say in which it should order the lists, {@link #adopted()} whether in any.
   */
  public record Result(ModelArtifact model, boolean servesExclude, boolean servesInclude, Comparison pooled,
                       Map<String, Comparison> byMode, int trainingRows, int trainingCases, int rerankDepth,
                       String reason) {

    public boolean adopted() {
      return servesExclude || servesInclude;
    }

    /** The figures a registry keeps with the model. */
    public Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("history.training_rows", (double) trainingRows);
      m.put("history.training_cases", (double) trainingCases);
      m.put("history.eval.cases", (double) pooled.cases());
      m.put("history.eval.ranker_hr10", pooled.rankerHitRate());
      m.put("history.eval.blend_hr10", pooled.blendHitRate());
      byMode.forEach((mode, c) -> {
        m.put("history.eval." + mode + ".cases", (double) c.cases());
        m.put("history.eval." + mode + ".ranker_hr10", c.rankerHitRate());
        m.put("history.eval." + mode + ".blend_hr10", c.blendHitRate());
        m.put("history.eval." + mode + ".z", c.z());
      });
      m.put(SERVES_EXCLUDE, servesExclude ? 1.0 : 0.0);
      m.put(SERVES_INCLUDE, servesInclude ? 1.0 : 0.0);
      m.put(RERANK_DEPTH, (double) rerankDepth);
      return m;
    }
  }

  /** Metric keys of a ranker from history: whether it orders the lists of a seen mode (1) or not (0). */
  public static final String SERVES_EXCLUDE = "history.serves.exclude";
  public static final String SERVES_INCLUDE = "history.serves.include";
  /** Metric key: how many of the blend's best a ranker from history orders (absent or 0: all). */
  public static final String RERANK_DEPTH = "history.rerank_depth";

  /**
   * The order a ranker from history serves: the blend's best {@code depth} candidates by the
   * ranker's score, first, then the rest by the blend. Training, judgement and serving use this one
   * function, so the ranker is only ever asked about the kind of candidates it learned from (the
   * blend's near misses), not about what other sources add far below them.
   *
   * @param depth 0 or at least as many as the candidates: the ranker orders all of them
   */
  public static double[] cascade(double[] blended, double[] ranker, int depth) {
    int n = blended.length;
    if (depth <= 0 || depth >= n) {
      return ranker.clone();
    }
    boolean[] pool = pool(blended, depth);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (!pool[i]) {
        min = Math.min(min, blended[i]);
        max = Math.max(max, blended[i]);
      }
    }
    double[] order = new double[n];
    for (int i = 0; i < n; i++) {
      // the pool above everything else: its scores are moved past the largest blend score outside it
      order[i] = pool[i] ? (max - min) + 1 + max + ranker[i] : blended[i];
    }
    return order;
  }

  /**
   * The blend's best {@code depth} (ties: the earlier candidate): the candidates {@link #cascade}
   * lets the ranker order.
   */
  public static boolean[] pool(double[] blended, int depth) {
    Integer[] byBlend = new Integer[blended.length];
    for (int i = 0; i < byBlend.length; i++) {
      byBlend[i] = i;
    }
    java.util.Arrays.sort(byBlend, (a, b) -> blended[b] != blended[a] ? Double.compare(blended[b], blended[a])
        : Integer.compare(a, b));
    boolean[] pool = new boolean[blended.length];
    for (int i = 0; i < Math.min(depth, byBlend.length); i++) {
      pool[byBlend[i]] = true;
    }
    return pool;
  }

  /**
   * Whether {@code model} orders a request's list: a ranker from history only in the seen modes where
   * it beat the blend (the metric is 0 for the others); every other model always.
   */
  public static boolean orders(Map<String, Double> modelMetrics, boolean seenIncluded) {
    Double serves = modelMetrics.get(seenIncluded ? SERVES_INCLUDE : SERVES_EXCLUDE);
    return serves == null || serves > 0;
  }

  /**
   * The same, where a ranker from history may order only the seen {@code modes} the node allows now
   * ({@code persona.learning.history.ranker.modes}): a champion adopted under another setting (an
   * earlier release ordered excluded lists too) does not order a mode the node now leaves to the blend.
   */
  public static boolean orders(Map<String, Double> modelMetrics, boolean seenIncluded, Set<String> modes) {
    return orders(modelMetrics, seenIncluded)
        && (!fromHistory(modelMetrics) || modes.contains(seenIncluded ? MODES[1] : MODES[0]));
  }

  /** Whether {@code model} is a ranker from history (its metrics say which seen modes it orders). */
  public static boolean fromHistory(Map<String, Double> modelMetrics) {
    return modelMetrics.containsKey(SERVES_EXCLUDE) || modelMetrics.containsKey(SERVES_INCLUDE);
  }

  private enum Part { TRAIN, VALIDATION, CALIBRATION, EVALUATION }

  private record Tagged(BlendTuning.Case c, int mode) {}

  private final FeatureSpec spec;
  private final Function<String, Item> catalog;
  private final Settings settings;
  /** The profile of each kept history, replayed once: a user's two modes share it. */
  private final Map<List<HistoryEvent>, UserProfile> profiles = new IdentityHashMap<>();

  private RetrievalBlend measuredBlend = RetrievalBlend.DEFAULT;

  private HistoryRanking(FeatureSpec spec, Function<String, Item> catalog, Settings settings) {
    this.spec = spec;
    this.catalog = catalog;
    this.settings = settings;
  }

  /**
   * Trains a ranker on {@code measured}'s cases and compares it with {@code measured}'s blend; empty
   * when the cases are too few to train, calibrate and judge (each part needs both labels).
   */
  public static Optional<Result> train(BlendTuning.Measurement measured, FeatureSpec spec, RankerFitting fitting,
                                       NetworkArchitecture architecture, Function<String, Item> catalog, String version,
                                       Settings settings) throws MalformedModelException {
    return new HistoryRanking(spec, catalog, settings).run(measured, fitting, architecture, version);
  }

  private Optional<Result> run(BlendTuning.Measurement measured, RankerFitting fitting,
                               NetworkArchitecture architecture, String version) throws MalformedModelException {
    measuredBlend = measured.blend();
    Map<Part, List<Tagged>> parts = new LinkedHashMap<>();
    for (Part part : Part.values()) {
      parts.put(part, new ArrayList<>());
    }
    Instant newest = Instant.MIN;
    for (int mode = 0; mode < MODES.length; mode++) {
      List<List<BlendTuning.Case>> holdouts = mode == 0 ? measured.exclude() : measured.include();
      for (List<BlendTuning.Case> cases : holdouts) {
        for (BlendTuning.Case c : cases) {
          parts.get(partOf(c.inputs().user())).add(new Tagged(c, mode));
          Instant at = c.inputs().holdout().at();
          newest = at.isAfter(newest) ? at : newest;
        }
      }
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    Rows train = new Rows();
    Rows validation = new Rows();
    Rows calibration = new Rows();
    int trainingCases = 0;
    for (Tagged t : parts.get(Part.TRAIN)) {
      trainingCases += train.addSampled(t, random) ? 1 : 0;
    }
    for (Tagged t : parts.get(Part.VALIDATION)) {
      validation.addSampled(t, random);
    }
    int calibrated = 0;
    for (Tagged t : parts.get(Part.CALIBRATION)) {
      if (calibrated < settings.maxCalibrationCases() && calibration.addAll(t)) {
        calibrated++;
      }
    }
    long evaluationCases = parts.get(Part.EVALUATION).stream()
        .filter(t -> t.c().inputs().holdout().lastInteraction()).count();
    if (!train.bothLabels() || !validation.bothLabels() || !calibration.bothLabels()
        || evaluationCases < settings.minEvaluationCases()) {
      return Optional.empty();
    }
    double negativeRate = train.negativeRate();
    ModelArtifact model = fitting.fitOnStream(architecture, train.examples(), validation.examples(),
        calibration.examples(), negativeRate, new ModelLineage(version, null, null, newest));

    Comparison[] byMode = {new Comparison(0, 0, 0, 0, 0), new Comparison(0, 0, 0, 0, 0)};
    try (Ranker ranker = Rankers.load(model, spec)) {
      for (Tagged t : parts.get(Part.EVALUATION)) {
        if (!t.c().inputs().holdout().lastInteraction()) {
          continue;
        }
        boolean blendHit = blendHits(t);
        boolean rankerHit = rankerHits(ranker, t);
        byMode[t.mode()] = byMode[t.mode()].plus(new Comparison(1, rankerHit ? 1 : 0, blendHit ? 1 : 0,
            rankerHit && !blendHit ? 1 : 0, blendHit && !rankerHit ? 1 : 0));
      }
    }
    Comparison pooled = byMode[0].plus(byMode[1]);
    Map<String, Comparison> modes = new LinkedHashMap<>();
    modes.put(MODES[0], byMode[0]);
    modes.put(MODES[1], byMode[1]);
    boolean servesExclude = orders(byMode[0], settings.modes().contains(MODES[0]), settings.minZ());
    boolean servesInclude = orders(byMode[1], settings.modes().contains(MODES[1]), settings.minZ());
    String reason = String.format("HR@10 against the blend on held-out last interactions: seen excluded %.4f vs %.4f"
            + " (%d cases, z %.2f: %s), seen included %.4f vs %.4f (%d cases, z %.2f: %s); needed z >= %.2f",
        byMode[0].rankerHitRate(), byMode[0].blendHitRate(), byMode[0].cases(), byMode[0].z(),
        verdict(byMode[0], settings.modes().contains(MODES[0]), settings.minZ()),
        byMode[1].rankerHitRate(), byMode[1].blendHitRate(), byMode[1].cases(), byMode[1].z(),
        verdict(byMode[1], settings.modes().contains(MODES[1]), settings.minZ()), settings.minZ());
    Result result = new Result(model, servesExclude, servesInclude, pooled, modes, train.size(), trainingCases,
        settings.rerankDepth(), reason);
    Map<String, Double> metrics = new LinkedHashMap<>(model.metadata().metrics());
    metrics.putAll(result.metrics());
    ModelArtifact withMetrics = new ModelArtifact(model.metadata().withMetrics(metrics), model.parameters());
    return Optional.of(new Result(withMetrics, servesExclude, servesInclude, pooled, modes, train.size(),
        trainingCases, settings.rerankDepth(), reason));
  }

  /** Whether the ranker orders a mode's lists: it may there, and it beat the blend there at {@code minZ}. */
  static boolean orders(Comparison inMode, boolean mayOrder, double minZ) {
    return mayOrder && inMode.z() >= minZ;
  }

  private static String verdict(Comparison inMode, boolean mayOrder, double minZ) {
    if (orders(inMode, mayOrder, minZ)) {
      return "the ranker orders";
    }
    return mayOrder || inMode.z() < minZ ? "the blend orders"
        : "the blend orders: persona.learning.history.ranker.modes leaves this mode to it";
  }

  private Part partOf(String user) {
    double u = StableHash.unit("history-ranker|" + user);
    if (u < settings.evaluationShare()) {
      return Part.EVALUATION;
    }
    if (u < settings.evaluationShare() + settings.calibrationShare()) {
      return Part.CALIBRATION;
    }
    if (u < settings.evaluationShare() + settings.calibrationShare() + settings.validationShare()) {
      return Part.VALIDATION;
    }
    return Part.TRAIN;
  }

  /** Whether the ranker's order (the corrected score, as serving picks) puts the target in the first K. */
  private boolean rankerHits(Ranker ranker, Tagged t) {
    BlendTuning.Case c = t.c();
    if (c.scaled() == null) {
      return false;
    }
    int n = c.scaled()[0].length;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    Encoded encoded = encode(t, rows);
    if (encoded == null) {
      return false;
    }
    double[] scores = ranker.score(encoded.batch()).corrected();
    // rows of items the catalog does not know were left out: map back to the case's indexes
    double[] byIndex = new double[n];
    java.util.Arrays.fill(byIndex, Double.NEGATIVE_INFINITY);
    for (int r = 0; r < encoded.indexes().length; r++) {
      byIndex[encoded.indexes()[r]] = scores[r];
    }
    double[] order = cascade(blended(t), byIndex, settings.rerankDepth());
    return BlendTuning.rankOf(c.target(), i -> order[i], n) < K;
  }

  /** Whether the blend puts the target in its first K among the case's catalogued candidates. */
  private boolean blendHits(Tagged t) {
    BlendTuning.Case c = t.c();
    if (c.scaled() == null) {
      return false;
    }
    double[] blended = blended(t);
    for (int i = 0; i < blended.length; i++) {
      if (catalog.apply(c.inputs().items().get(i)) == null) {
        blended[i] = Double.NEGATIVE_INFINITY; // the ranker is not asked about it either
      }
    }
    return BlendTuning.rankOf(c.target(), i -> blended[i], blended.length) < K;
  }

  /** The blend's score of each of the case's candidates, with the weights measured for its seen mode. */
  private double[] blended(Tagged t) {
    return BlendTuning.blended(t.c(), measuredBlend.weights(t.mode() == 1).values());
  }

  /** The indexes of the candidates the ranker orders (the blend's best {@code rerankDepth}). */
  private int[] poolOf(Tagged t) {
    int n = t.c().scaled()[0].length;
    boolean[] pool = settings.rerankDepth() <= 0 ? null : pool(blended(t), settings.rerankDepth());
    int[] rows = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (pool == null || pool[i]) {
        rows[m++] = i;
      }
    }
    return java.util.Arrays.copyOf(rows, m);
  }

  private record Encoded(FeatureBatch batch, int[] indexes) {}

  /** The case's candidates at {@code rows}, encoded as serving encodes them; null when none is catalogued. */
  private Encoded encode(Tagged t, int[] rows) {
    BlendTuning.Case c = t.c();
    BlendTuning.CaseInputs in = c.inputs();
    List<ItemInput> items = new ArrayList<>(rows.length);
    int[] indexes = new int[rows.length];
    int kept = 0;
    for (int i : rows) {
      String id = in.items().get(i);
      Item item = catalog.apply(id);
      if (item == null) {
        continue;
      }
      RetrievalSignals signals = new RetrievalSignals(c.scaled()[0][i], c.scaled()[1][i], c.scaled()[2][i],
          c.scaled()[3][i], c.scaled()[4][i]);
      items.add(new ItemInput(item, servedCounts(in.user(), id, in.trending().count(id, in.holdout().trendingIndex())),
          in.holdout().itemVectors().get(id), signals));
      indexes[kept++] = i;
    }
    if (items.isEmpty()) {
      return null;
    }
    UserInput user = new UserInput(profileOf(in), in.userVector());
    RequestContext context = new RequestContext(askedAt(in), null, null, 0, Map.of(), t.mode() == 1);
    return new Encoded(spec.encodeBatch(user, items, context), java.util.Arrays.copyOf(indexes, kept));
  }

  /**
   * A moment between the hold-out's and the held-out event's (they differ: the last-interaction
   * hold-out asks at the training's now, the cut hold-out at the cut), drawn per user and hold-out.
   */
  private static Instant askedAt(BlendTuning.CaseInputs in) {
    long a = in.holdout().at().toEpochMilli();
    long b = in.targetTime().toEpochMilli();
    double u = StableHash.unit("history-ranker-asked|" + in.user() + "|" + a);
    return Instant.ofEpochMilli(Math.min(a, b) + (long) (u * Math.abs(b - a)));
  }

  /**
   * Served impressions and clicks drawn per user and item, independent of any label (drawn per item
   * alone they would be one more item id to overfit): from none to thousands of impressions
   * (log-uniform), a click-through rate up to 10 %.
   */
  private static ItemStats servedCounts(String user, String itemId, double popularity) {
    String key = user + "|" + itemId;
    long impressions = (long) Math.floor(Math.expm1(StableHash.unit("history-ranker-shown|" + key) * Math.log(20_000)));
    long clicks = (long) Math.floor(impressions * 0.1 * StableHash.unit("history-ranker-clicked|" + key));
    return new ItemStats(impressions, clicks, popularity);
  }

  /** The user's profile after their kept events: what a live node held when the hold-out asks. */
  private UserProfile profileOf(BlendTuning.CaseInputs in) {
    return profiles.computeIfAbsent(in.history(), history -> {
      UserProfile profile = UserProfile.empty(in.user());
      for (HistoryEvent e : history) {
        Item item = catalog.apply(e.itemId());
        profile = profile.apply(new UserEvent(e.eventId(), e.userId(), e.type(), e.itemId(), e.time(), e.value(),
            null, Map.of()), item == null ? null : item.category(), spec.profileSettings());
      }
      return profile;
    });
  }

  /** Labeled rows gathered case by case. */
  private final class Rows {
    private final List<FeatureBatch> batches = new ArrayList<>();
    private final List<int[]> labels = new ArrayList<>();
    private int rows;
    private int positives;
    private double sampledShare;
    private int sampledCases;

    /**
     * The target and up to {@code negativesPerCase} other candidates drawn uniformly. (Half of them
     * taken from the blend's best instead, the network learned that a high blend score means a
     * negative: HR@10 fell from 0.24 to 0.11 on Online Retail's seen-excluded cases.)
     */
    boolean addSampled(Tagged t, SplittableRandom random) {
      BlendTuning.Case c = t.c();
      if (c.scaled() == null) {
        return false;
      }
      int[] pool = poolOf(t);
      int n = pool.length;
      if (java.util.Arrays.stream(pool).noneMatch(i -> i == c.target())) {
        return false; // the blend ranks the target below what the ranker orders: nothing to learn here
      }
      int negatives = Math.min(settings.negativesPerCase(), n - 1);
      int[] others = new int[n - 1];
      int o = 0;
      for (int i : pool) {
        if (i != c.target()) {
          others[o++] = i;
        }
      }
      for (int i = 0; i < negatives; i++) { // a partial Fisher-Yates shuffle
        int j = i + random.nextInt(others.length - i);
        int swap = others[i];
        others[i] = others[j];
        others[j] = swap;
      }
      int[] rowsOfCase = new int[negatives + 1];
      rowsOfCase[0] = c.target();
      System.arraycopy(others, 0, rowsOfCase, 1, negatives);
      if (add(t, rowsOfCase)) {
        sampledShare += n > 1 ? negatives / (double) (n - 1) : 1;
        sampledCases++;
        return true;
      }
      return false;
    }

    /** Every candidate: the calibration map is fitted on rows as serving scores them. */
    boolean addAll(Tagged t) {
      BlendTuning.Case c = t.c();
      if (c.scaled() == null) {
        return false;
      }
      return add(t, poolOf(t));
    }

    private boolean add(Tagged t, int[] candidateRows) {
      BlendTuning.Case c = t.c();
      if (catalog.apply(c.inputs().items().get(c.target())) == null) {
        return false; // the held-out item is not in the catalog: nothing to learn from this case
      }
      Encoded encoded = encode(t, candidateRows);
      if (encoded == null) {
        return false;
      }
      int[] y = new int[encoded.indexes().length];
      for (int r = 0; r < y.length; r++) {
        y[r] = encoded.indexes()[r] == c.target() ? 1 : 0;
        positives += y[r];
      }
      batches.add(encoded.batch());
      labels.add(y);
      rows += y.length;
      return true;
    }

    int size() {
      return rows;
    }

    boolean bothLabels() {
      return positives > 0 && positives < rows;
    }

    /** The mean share of a case's negatives kept: what the corrected score undoes. */
    double negativeRate() {
      return sampledCases == 0 ? 1 : Math.min(1, Math.max(1e-6, sampledShare / sampledCases));
    }

    LabeledExamples examples() {
      int d = spec.denseWidth();
      int s = spec.sparseWidth();
      float[] dense = new float[rows * d];
      long[] sparse = new long[rows * s];
      String[] keys = new String[rows];
      int[] y = new int[rows];
      int at = 0;
      for (int b = 0; b < batches.size(); b++) {
        FeatureBatch batch = batches.get(b);
        System.arraycopy(batch.denseValues(), 0, dense, at * d, batch.rows() * d);
        System.arraycopy(batch.sparseIds(), 0, sparse, at * s, batch.rows() * s);
        System.arraycopy(labels.get(b), 0, y, at, batch.rows());
        for (int r = 0; r < batch.rows(); r++) {
          keys[at + r] = batch.key(r);
        }
        at += batch.rows();
      }
      return new LabeledExamples(new FeatureBatch(rows, d, s, dense, sparse, keys), y);
    }
  }
}
