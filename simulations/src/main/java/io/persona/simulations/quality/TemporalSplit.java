package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Temporal split: training is every event before the cut time, and nothing from after the cut
 * leaks into it (no user's later events, so popularity and co-occurrence are as they were at the
 * cut). The test users are those with events on both sides of the cut; each gets one list, made at
 * the cut from training alone, and it is a hit if any of their relevant items is in it:
 * <ul>
 *   <li>{@link Relevance#NEXT}: the item of their first interaction after the cut (the first one
 *       read among interactions at the same instant: the first line of an invoice), one item as in
 *       leave-last-out but with nothing of the future in training;</li>
 *   <li>{@link Relevance#ALL}: every distinct item they interacted with at or after the cut, until
 *       the end of the data (an easier target: the more a user does later, the likelier a hit).</li>
 * </ul>
 *
 * @param quantile the cut is the time of the event at this fraction of all events (0.9: train on
 *                 the first 90 % of events)
 */
public record TemporalSplit(double quantile, Relevance relevance) implements Protocol {

  public enum Relevance { NEXT, ALL }

  public TemporalSplit {
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("need 0 < quantile < 1, got " + quantile);
    }
  }

  @Override
  public String name() {
    return relevance == Relevance.NEXT ? "temporal-next" : "temporal-all";
  }

  @Override
  public Split split(TrainingSet data) {
    return split(data, quantileTime(data, quantile), relevance);
  }

  /** The time of the event at fraction {@code q} of all events. */
  public static long quantileTime(TrainingSet data, double q) {
    if (data.events() == 0) {
      throw new IllegalArgumentException("no events to cut");
    }
    return data.time((int) Math.floor(q * data.events()));
  }

  public static Split split(TrainingSet data, long cutMillis, Relevance relevance) {
    TrainingSet train = data.subset(e -> data.time(e) < cutMillis);
    List<TestCase> cases = new ArrayList<>();
    for (int u = 0; u < data.users(); u++) {
      int trainingEvents = train.eventsOf(u).length;
      if (trainingEvents == 0) {
        continue;
      }
      Set<Integer> later = new LinkedHashSet<>();
      for (int e : data.eventsOf(u)) {
        if (data.time(e) >= cutMillis) {
          later.add(data.item(e));
          if (relevance == Relevance.NEXT) {
            break;
          }
        }
      }
      if (!later.isEmpty()) {
        cases.add(new TestCase(u, later.stream().mapToInt(Integer::intValue).toArray(), trainingEvents));
      }
    }
    return new Split(relevance == Relevance.NEXT ? "temporal-next" : "temporal-all", train, cases);
  }
}
