package io.persona.simulations.learning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts, per simulated minute, what the workers saw. Workers record concurrently; one lock is
 * plenty at a few hundred slates a second.
 */
final class MinuteLedger {
  private final Tally[] minutes;

  MinuteLedger(int minutes) {
    this.minutes = new Tally[minutes];
    for (int m = 0; m < minutes; m++) {
      this.minutes[m] = new Tally();
    }
  }

  /** A served slate, with the clicks and purchases its user made on it; {@code minute} counts from 1. */
  synchronized void slate(int minute, Slate slate, int clicks, int purchases) {
    Tally tally = minutes[minute - 1];
    tally.slates++;
    tally.impressions += slate.itemIds().size();
    tally.clicks += clicks;
    tally.purchases += purchases;
    tally.kinds.merge(slate.modelKind(), 1L, Long::sum);
    tally.versions.add(slate.modelVersion());
  }

  synchronized void error(int minute) {
    minutes[minute - 1].errors++;
  }

  synchronized MinuteRow row(int minute) {
    Tally t = minutes[minute - 1];
    return new MinuteRow(minute, t.slates, t.impressions, t.clicks, t.purchases, t.errors, Collections.unmodifiableMap(new TreeMap<>(t.kinds)),
        List.copyOf(t.versions));
  }

  synchronized List<MinuteRow> rows() {
    List<MinuteRow> rows = new ArrayList<>();
    for (int m = 1; m <= minutes.length; m++) {
      rows.add(row(m));
    }
    return rows;
  }

  private static final class Tally {
    long slates;
    long impressions;
    long clicks;
    long purchases;
    long errors;
    final Map<String, Long> kinds = new TreeMap<>();
    final Set<String> versions = new LinkedHashSet<>();
  }
}
