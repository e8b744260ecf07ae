package io.persona.simulations.quality;

import java.nio.file.Path;

/**
 * The UCI Online Retail purchases in {@code ../shared/data/online-retail/} (see its README: CC BY
 * 4.0, Chen, Sain &amp; Guo 2012). Each row is one invoice line: a purchase of {@code quantity}
 * units of a stock code.
 */
public final class OnlineRetail {
  /** Relative to the project root, where the benchmarks run. */
  public static final Path DEFAULT_FILE = Path.of("..", "shared", "data", "online-retail", "interactions.csv.gz");

  public static final ColumnMapping MAPPING = ColumnMapping.ofType(
      "user_id", "item_id", "timestamp_iso_utc", TimestampFormat.ISO, "purchase", "quantity");

  private OnlineRetail() {}

  public static EventFile read(Path file) {
    return CsvEvents.read(file, MAPPING);
  }
}
