package io.persona.simulations.quality;

import io.persona.models.metrics.RankingMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Scores a trained method on a split: each test user gets the top K of the full catalog (no
 * sampled negatives), and HR@K, NDCG@K and MRR@K are averaged over users, overall and per segment.
 *
 * <p>Only items of the training catalog can be listed (a model cannot know the others). Equal
 * scores are broken by training popularity (event count), then by item number, for every method
 * alike: a method with nothing to say about an item falls back on the most popular ones, as a
 * served list would be filled.
 */
public final class Evaluator {
  public static final int K = 10;
  /** Users with at most this many training events form the light segment. */
  public static final int LIGHT_USER_EVENTS = 5;

  private final Split split;
  private final double[] popularity;

  public Evaluator(Split split) {
    this.split = split;
    TrainingSet train = split.train();
    popularity = new double[train.items()];
    for (int e = 0; e < train.events(); e++) {
      popularity[train.item(e)]++;
    }
  }

  public Split split() {
    return split;
  }

  public Evaluation evaluate(Scorer scorer, SeenPolicy seen) {
    int items = split.train().items();
    ThreadLocal<double[]> buffers = ThreadLocal.withInitial(() -> new double[items]);
    return evaluate(seen, (c, test, allowed) -> {
      double[] scores = buffers.get();
      Arrays.fill(scores, 0);
      scorer.score(test.user(), scores);
      return topK(scores, K, allowed);
    });
  }

  /**
   * Lists made elsewhere (a running node's answers), scored exactly as a trained method's: the
   * same relevant items, seen policy, segments and coverage.
   *
   * @param lists the list shown to each test case, by case number (best first; item numbers of the
   *              dataset, -1 for an item it does not know); null where the case was not asked
   */
  public Evaluation evaluateLists(List<int[]> lists, SeenPolicy seen) {
    if (lists.size() != split.cases().size()) {
      throw new IllegalArgumentException(lists.size() + " lists for " + split.cases().size() + " test cases");
    }
    return evaluate(seen, (c, test, allowed) -> lists.get(c));
  }

  /** Makes the list of test case {@code c}; {@code allowed} says which items it may show. */
  @FunctionalInterface
  private interface ListMaker {
    int[] list(int c, TestCase test, IntPredicate allowed);
  }

  private Evaluation evaluate(SeenPolicy seen, ListMaker maker) {
    List<TestCase> cases = split.cases();
    TrainingSet train = split.train();
    double[][] perCase = new double[cases.size()][];
    int[][] lists = new int[cases.size()][];
    // per thread: which items the current user has seen (marked with the case number + 1)
    ThreadLocal<int[]> seenMarks = ThreadLocal.withInitial(() -> new int[train.items()]);
    IntStream.range(0, cases.size()).parallel().forEach(c -> {
      TestCase test = cases.get(c);
      int[] marks = seenMarks.get();
      int mark = c + 1;
      for (int e : train.eventsOf(test.user())) {
        marks[train.item(e)] = mark;
      }
      boolean exclude = seen == SeenPolicy.EXCLUDE;
      Set<Integer> relevant = new HashSet<>();
      for (int item : test.relevant()) {
        if (!exclude || marks[item] != mark) {
          relevant.add(item);
        }
      }
      if (relevant.isEmpty()) {
        return;
      }
      int[] top = maker.list(c, test, item -> train.inCatalog(item) && (!exclude || marks[item] != mark));
      if (top == null) {
        return;
      }
      List<Integer> ranked = Arrays.stream(top).boxed().toList();
      perCase[c] = new double[] {
          RankingMetrics.hitRate(ranked, relevant, K),
          RankingMetrics.ndcg(ranked, relevant, K),
          RankingMetrics.reciprocalRank(ranked, relevant)};
      lists[c] = top;
    });
    Accumulator all = new Accumulator();
    Accumulator light = new Accumulator();
    Accumulator heavy = new Accumulator();
    boolean[] shown = new boolean[train.items()];
    int unscored = 0;
    for (int c = 0; c < cases.size(); c++) {
      if (perCase[c] == null) {
        unscored++;
        continue;
      }
      all.add(perCase[c]);
      (cases.get(c).trainingEvents() <= LIGHT_USER_EVENTS ? light : heavy).add(perCase[c]);
      for (int item : lists[c]) {
        if (item >= 0) {
          shown[item] = true;
        }
      }
    }
    int shownCount = 0;
    for (boolean s : shown) {
      shownCount += s ? 1 : 0;
    }
    return new Evaluation(all.summary(), light.summary(), heavy.summary(),
        (double) shownCount / Math.max(1, train.catalogSize()), unscored);
  }

  /** The best {@code k} allowed items, best first; ties by popularity, then the lower number. */
  int[] topK(double[] scores, int k, IntPredicate allowed) {
    int[] best = new int[k];
    int size = 0;
    for (int item = 0; item < scores.length; item++) {
      if (!allowed.test(item)) {
        continue;
      }
      if (size == k && !better(scores, item, best[k - 1])) {
        continue;
      }
      int at = size < k ? size++ : k - 1;
      while (at > 0 && better(scores, item, best[at - 1])) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = item;
    }
    return Arrays.copyOf(best, size);
  }

  private boolean better(double[] scores, int a, int b) {
    if (scores[a] != scores[b]) {
      return scores[a] > scores[b];
    }
    if (popularity[a] != popularity[b]) {
      return popularity[a] > popularity[b];
    }
    return a < b;
  }

  /** Sums of the three metrics over a group of users. */
  private static final class Accumulator {
    private final List<double[]> rows = new ArrayList<>();

    void add(double[] metrics) {
      rows.add(metrics);
    }

    MetricSummary summary() {
      double[] sums = new double[3];
      for (double[] r : rows) {
        for (int m = 0; m < 3; m++) {
          sums[m] += r[m];
        }
      }
      int n = rows.size();
      return n == 0 ? new MetricSummary(0, Double.NaN, Double.NaN, Double.NaN)
          : new MetricSummary(n, sums[0] / n, sums[1] / n, sums[2] / n);
    }
  }
}
