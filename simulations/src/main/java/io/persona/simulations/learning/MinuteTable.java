package io.persona.simulations.learning;

import java.util.stream.Collectors;

/**
 * The readable table the simulation prints as it goes: one line per simulated minute, with the
 * share of shown items in their user's preferred category ("taste") and the lists' expected clicks
 * as a share of the users' best lists' ("of best").
 */
final class MinuteTable {
  private MinuteTable() {}

  static String header() {
    return String.format("%6s %8s %10s %8s %8s %7s %7s %7s  %s", "minute", "slates", "shown", "clicks", "CTR", "errors",
        "taste", "of best", "served by (kind: slates)");
  }

  static String line(MinuteRow row) {
    String ctr = Double.isNaN(row.ctr()) ? "-" : String.format("%.2f%%", 100 * row.ctr());
    String kinds = row.modelKinds().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
    return String.format("%6d %8d %10d %8d %8s %7d %7s %7s  %s", row.minute(), row.slates(), row.impressions(),
        row.clicks(), ctr, row.errors(), percent(row.preferredShare()), percent(row.shareOfBest()), kinds);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format("%.1f%%", 100 * share);
  }
}
