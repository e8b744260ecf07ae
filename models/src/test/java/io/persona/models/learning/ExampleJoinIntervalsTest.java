package io.persona.models.learning;

import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property the streaming join rests on: cutting a day into consecutive intervals, each joined
 * with the data {@link AttributionSettings} names for it, gives the same examples and the same
 * summed counts as joining the whole day at once.
 */
class ExampleJoinIntervalsTest {
  private static final Duration WINDOW = Duration.ofMinutes(30);
  private static final Instant DAY = Instant.parse("2026-06-01T00:00:00Z");
  private static final long DAY_SECONDS = 86_400;
  private static final AttributionSettings SETTINGS =
      new AttributionSettings(WINDOW, java.util.Set.of("click", "purchase"), 0.4, 0.2);

  @Test
  void consecutiveIntervalsAddUpToTheWholeDay() {
    Map<String, Long> seen = new LinkedHashMap<>();
    for (long seed = 1; seed <= 25; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      List<ServedSlate> slates = new ArrayList<>();
      List<Outcome> outcomes = new ArrayList<>();
      generateDay(random, slates, outcomes);
      ExampleJoin join = new ExampleJoin(SETTINGS);

      JoinResult whole = joinWithNamedData(join, slates, outcomes, DAY, DAY.plusSeconds(DAY_SECONDS));

      List<TrainingExample> pieced = new ArrayList<>();
      // summed by name, as the streaming joiner keeps its running counters
      Map<String, Long> summed = new LinkedHashMap<>();
      List<Instant> cuts = cuts(random);
      for (int i = 0; i + 1 < cuts.size(); i++) {
        JoinResult part = joinWithNamedData(join, slates, outcomes, cuts.get(i), cuts.get(i + 1));
        pieced.addAll(part.examples());
        part.counts().asMap().forEach((name, n) -> summed.merge(name, n, Long::sum));
      }
      assertEquals(whole.counts().asMap(), summed, "seed " + seed + " with " + (cuts.size() - 1) + " intervals");
      assertEquals(whole.examples(), pieced, "seed " + seed);
      whole.counts().asMap().forEach((name, n) -> seen.merge(name, n, Long::sum));
    }
    // The generator must exercise every rule, or the equality above proves little.
    for (var count : seen.entrySet()) {
      assertTrue(count.getValue() > 20, count.getKey() + " was hardly exercised: " + seen);
    }
  }

  private static JoinResult joinWithNamedData(ExampleJoin join, List<ServedSlate> slates, List<Outcome> outcomes,
                                              Instant from, Instant to) {
    Instant slatesFrom = SETTINGS.slatesFrom(from);
    Instant slatesUntil = SETTINGS.slatesUntil(to);
    Instant outcomesFrom = SETTINGS.outcomesFrom(from);
    Instant outcomesUntil = SETTINGS.outcomesUntil(to);
    List<ServedSlate> s = slates.stream()
        .filter(x -> !x.servedAt().isBefore(slatesFrom) && x.servedAt().isBefore(slatesUntil)).toList();
    List<Outcome> o = outcomes.stream()
        .filter(x -> !x.recordedAt().isBefore(outcomesFrom) && x.recordedAt().isBefore(outcomesUntil)).toList();
    return join.join(s, o, from, to);
  }

  /** Day start, 1-40 random cut points, day end; some intervals shorter than a window. */
  private static List<Instant> cuts(SplittableRandom random) {
    TreeSet<Long> seconds = new TreeSet<>();
    int n = 1 + random.nextInt(40);
    while (seconds.size() < n) {
      seconds.add(1 + random.nextLong(DAY_SECONDS - 1));
    }
    List<Instant> cuts = new ArrayList<>();
    cuts.add(DAY);
    seconds.forEach(s -> cuts.add(DAY.plusSeconds(s)));
    cuts.add(DAY.plusSeconds(DAY_SECONDS));
    return cuts;
  }

  /**
   * Few users and items, so last-touch has competing slates; outcomes in, after and before the
   * window, with and without requestIds, with wrong users and items, copies near and far apart.
   */
  private static void generateDay(SplittableRandom random, List<ServedSlate> slates, List<Outcome> outcomes) {
    for (int s = 0; s < 600; s++) {
      Instant servedAt = DAY.plusSeconds(random.nextLong(DAY_SECONDS));
      List<ServedItem> items = new ArrayList<>();
      TreeSet<String> chosen = new TreeSet<>();
      while (chosen.size() < 4) {
        chosen.add("i" + random.nextInt(12));
      }
      int p = 0;
      for (String item : chosen) {
        items.add(new ServedItem(item, p, "ann", 0.5, 0.4, 0.5 / (p + 1), new float[] {p}, new long[] {s}));
        p++;
      }
      slates.add(new ServedSlate("req-" + s, "u" + random.nextInt(15), servedAt, "v1", "dcn-v2", "champion", "fp",
          items));
    }
    long windowSeconds = WINDOW.toSeconds();
    for (int e = 0; e < 900; e++) {
      ServedSlate slate = slates.get(random.nextInt(slates.size()));
      String item = random.nextDouble() < 0.9
          ? slate.items().get(random.nextInt(slate.items().size())).itemId() : "i" + random.nextInt(12);
      String user = random.nextDouble() < 0.95 ? slate.userId() : "u" + random.nextInt(15);
      long offset = random.nextLong(-300, 3 * windowSeconds);
      Instant recordedAt = slate.servedAt().plusSeconds(offset);
      Instant eventTime = recordedAt.minusSeconds(random.nextLong(-60, 900));
      String type = switch (random.nextInt(10)) {
        case 0 -> "view";
        case 1 -> "purchase";
        default -> "click";
      };
      String requestId = random.nextDouble() < 0.5 ? slate.requestId() : null;
      outcomes.add(new Outcome("e" + e, user, item, type, requestId, eventTime, recordedAt));
      int copies = random.nextDouble() < 0.2 ? 1 + random.nextInt(3) : 0;
      Instant copyAt = recordedAt;
      for (int c = 0; c < copies; c++) {
        copyAt = copyAt.plusSeconds(random.nextLong(0, 2 * windowSeconds));
        outcomes.add(new Outcome("e" + e, user, item, type, requestId, eventTime, copyAt));
      }
    }
  }
}
