package io.persona.simulations.quality;

import java.util.Objects;
import java.util.function.Function;

/**
 * Which columns (CSV header names or NDJSON field names) of a dataset hold the parts of a
 * {@link HistoryEvent}. A dataset of one kind of interaction has no type column: its rows get
 * {@code fixedType}. Without a value column every event's value is 1.
 *
 * @param typeColumn  null when every row has {@code fixedType}
 * @param valueColumn null when the source carries no amount
 */
public record ColumnMapping(String userColumn, String itemColumn, String timestampColumn, TimestampFormat format,
                            String typeColumn, String fixedType, String valueColumn) {

  public ColumnMapping {
    Objects.requireNonNull(userColumn, "userColumn");
    Objects.requireNonNull(itemColumn, "itemColumn");
    Objects.requireNonNull(timestampColumn, "timestampColumn");
    Objects.requireNonNull(format, "format");
    if ((typeColumn == null) == (fixedType == null)) {
      throw new IllegalArgumentException("give either a type column or a fixed type");
    }
  }

  /** Every row is one interaction of {@code type}. */
  public static ColumnMapping ofType(String user, String item, String timestamp, TimestampFormat format, String type,
                                     String value) {
    return new ColumnMapping(user, item, timestamp, format, null, type, value);
  }

  /** Each row names its own type in {@code typeColumn}. */
  public static ColumnMapping typed(String user, String item, String timestamp, TimestampFormat format,
                                    String typeColumn, String value) {
    return new ColumnMapping(user, item, timestamp, format, typeColumn, null, value);
  }

  /**
   * The event of one row.
   *
   * @param field the row's text in a column, null when the row has no such column
   * @throws IllegalArgumentException when a required column is missing or a value does not parse
   */
  public HistoryEvent event(Function<String, String> field) {
    String type = typeColumn == null ? fixedType : required(field, typeColumn);
    String valueText = valueColumn == null ? null : field.apply(valueColumn);
    double value = valueText == null || valueText.isBlank() ? 1.0 : Double.parseDouble(valueText.strip());
    return new HistoryEvent(required(field, userColumn), required(field, itemColumn), type,
        format.parse(required(field, timestampColumn)), value);
  }

  private static String required(Function<String, String> field, String column) {
    String text = field.apply(column);
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no " + column);
    }
    return text.strip();
  }
}
