package io.persona.simulations.learning;

import java.util.stream.Collectors;

/** The readable table the simulation prints as it goes: one line per simulated minute. */
final class MinuteTable {
  private MinuteTable() {}

  static String header() {
    return String.format("%6s %8s %10s %8s %8s %7s  %s", "minute", "slates", "shown", "clicks", "CTR", "errors",
        "served by (kind: slates)");
  }

  static String line(MinuteRow row) {
    String ctr = Double.isNaN(row.ctr()) ? "-" : String.format("%.2f%%", 100 * row.ctr());
    String kinds = row.modelKinds().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
    return String.format("%6d %8d %10d %8d %8s %7d  %s", row.minute(), row.slates(), row.impressions(), row.clicks(),
        ctr, row.errors(), kinds);
  }
}
