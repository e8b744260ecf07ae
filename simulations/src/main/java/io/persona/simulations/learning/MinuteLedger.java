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

  /**
   * A served slate, with the clicks and purchases its user made on it and what it held; {@code
   * minute} counts from 1.
   */
  synchronized void slate(int minute, Slate slate, int clicks, int purchases, ListMix mix) {
    Tally tally = minutes[minute - 1];
    tally.slates++;
    tally.impressions += slate.itemIds().size();
    tally.clicks += clicks;
    tally.purchases += purchases;
    tally.kinds.merge(slate.modelKind(), 1L, Long::sum);
    tally.versions.add(slate.modelVersion());
    tally.preferred += mix.preferred();
    tally.shownToMobile += mix.shownToMobile();
    tally.cheapForMobile += mix.cheapForMobile();
    tally.expectedClicks += mix.expectedClicks();
    tally.bestClicks += mix.bestClicks();
    mix.slotsBySource().forEach((source, n) -> tally.slotsBySource.merge(source, n, Long::sum));
    mix.clicksBySource().forEach((source, n) -> tally.clicksBySource.merge(source, n, Long::sum));
  }

  synchronized void error(int minute) {
    minutes[minute - 1].errors++;
  }

  synchronized MinuteRow row(int minute) {
    Tally t = minutes[minute - 1];
    ListMix mix = new ListMix(t.preferred, t.shownToMobile, t.cheapForMobile, t.expectedClicks, t.bestClicks,
        Collections.unmodifiableMap(new TreeMap<>(t.slotsBySource)), Collections.unmodifiableMap(new TreeMap<>(t.clicksBySource)));
    return new MinuteRow(minute, t.slates, t.impressions, t.clicks, t.purchases, t.errors, Collections.unmodifiableMap(new TreeMap<>(t.kinds)),
        List.copyOf(t.versions), mix);
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
    long preferred;
    long shownToMobile;
    long cheapForMobile;
    double expectedClicks;
    double bestClicks;
    final Map<String, Long> slotsBySource = new TreeMap<>();
    final Map<String, Long> clicksBySource = new TreeMap<>();
  }
}
