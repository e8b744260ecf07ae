package io.persona.simulations.quality;

import java.util.Comparator;
import java.util.List;

/**
 * A deterministic sample of a split's test users, for datasets too large to score every user: the
 * users with the smallest hash of their number (the same users on every run and every protocol).
 */
public final class TestUsers {
  private TestUsers() {}

  public static Split atMost(Split split, int max) {
    if (max <= 0 || split.cases().size() <= max) {
      return split;
    }
    List<TestCase> sample = split.cases().stream()
        .sorted(Comparator.comparingLong((TestCase c) -> mix(c.user())).thenComparingInt(TestCase::user))
        .limit(max)
        .sorted(Comparator.comparingInt(TestCase::user))
        .toList();
    return new Split(split.protocol(), split.train(), sample);
  }

  /** SplitMix64's finaliser: a well-spread hash of a user number. */
  static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
