package io.persona.simulations.quality;

import java.util.List;
import java.util.function.Function;

/**
 * What a row-by-row read of a dataset file gave: one value per good row, and the rows that could
 * not be read (a real export has a few broken lines; a benchmark says how many it dropped).
 *
 * @param skipped     rows that gave no value
 * @param firstErrors the first few of them, as "line N: why"
 */
public record Rows<T>(List<T> values, int skipped, List<String> firstErrors) {

  /**
   * Turns one row into a value. The row is given as its text per column (CSV header name or NDJSON
   * field name; null where the row has no such column); a bad row throws IllegalArgumentException.
   */
  @FunctionalInterface
  public interface Mapper<T> extends Function<Function<String, String>, T> {}

  public Rows {
    values = List.copyOf(values);
    firstErrors = List.copyOf(firstErrors);
  }
}
