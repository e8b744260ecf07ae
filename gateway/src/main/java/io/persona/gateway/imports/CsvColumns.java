package io.persona.gateway.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the columns of an import CSV mean, from its header row: each row becomes the JSON object the
 * API takes for one event or item, so a CSV row is validated by exactly the rules a JSON body is.
 * Empty cells are absent fields. Events: {@code eventId} (optional, derived when the column is
 * missing: {@link DerivedEventIds}), {@code userId}, {@code type}, {@code itemId}, {@code timestamp}
 * (ISO-8601 or epoch milliseconds), {@code value}. Items: {@code itemId}, {@code category},
 * {@code title}, {@code tags} (separated by {@code |}), {@code created}.
 */
public final class CsvColumns {
  /** What the rows of a file are. */
  public enum Kind {
    EVENTS(List.of("userId", "type", "itemId", "timestamp"), Set.of("eventId", "value")),
    ITEMS(List.of("itemId", "category"), Set.of("title", "tags", "created"));

    private final List<String> required;
    private final Set<String> optional;

    Kind(List<String> required, Set<String> optional) {
      this.required = required;
      this.optional = optional;
    }
  }

  /** A header row that cannot be read (a column missing, unknown or twice). */
  public static final class BadHeaderException extends Exception {
    BadHeaderException(String message) {
      super(message);
    }
  }

  private static final List<String> EVENT_CONTENT = List.of("userId", "type", "itemId", "timestamp", "value");

  private final Kind kind;
  private final List<String> names;
  private final DerivedEventIds derivedIds;

  private CsvColumns(Kind kind, List<String> names, DerivedEventIds derivedIds) {
    this.kind = kind;
    this.names = names;
    this.derivedIds = derivedIds;
  }

  /**
   * @param derivedIds counts identical rows for derived event ids (events without an eventId column)
   */
  public static CsvColumns fromHeader(Kind kind, List<String> header, DerivedEventIds derivedIds)
      throws BadHeaderException {
    List<String> names = new ArrayList<>(header.size());
    for (String cell : header) {
      String name = cell.strip();
      if (names.isEmpty() && name.startsWith("\uFEFF")) {
        name = name.substring(1); // a byte-order mark some spreadsheets write
      }
      if (!kind.required.contains(name) && !kind.optional.contains(name)) {
        throw new BadHeaderException("unknown column \"" + name + "\" in the header; the columns are "
            + kind.required + " and optionally " + kind.optional);
      }
      if (names.contains(name)) {
        throw new BadHeaderException("column \"" + name + "\" appears twice in the header");
      }
      names.add(name);
    }
    List<String> missing = kind.required.stream().filter(name -> !names.contains(name)).toList();
    if (!missing.isEmpty()) {
      throw new BadHeaderException("the header lacks the column(s) " + missing);
    }
    return new CsvColumns(kind, List.copyOf(names), derivedIds);
  }

  /** The row as the API's JSON object, or a reason it cannot be one. */
  public ImportLine read(CsvReader.Row row) {
    if (row.fields().size() != names.size()) {
      return ImportLine.unreadable(row.line(), "has " + row.fields().size() + " fields; the header has " + names.size());
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < names.size(); i++) {
      String cell = row.fields().get(i);
      if (!cell.isEmpty()) {
        put(object, names.get(i), cell);
      }
    }
    if (kind == Kind.EVENTS && !names.contains("eventId")) {
      List<String> content = new ArrayList<>(EVENT_CONTENT.size());
      for (String name : EVENT_CONTENT) {
        int at = names.indexOf(name);
        content.add(at < 0 ? "" : row.fields().get(at));
      }
      object.put("eventId", derivedIds.next(content));
    }
    return ImportLine.of(row.line(), object);
  }

  private void put(ObjectNode object, String name, String cell) {
    switch (name) {
      case "timestamp", "created" -> {
        if (isDigits(cell)) {
          object.put(name, Long.parseLong(cell));
        } else {
          object.put(name, cell);
        }
      }
      case "value" -> {
        try {
          object.put(name, new BigDecimal(cell.strip()));
        } catch (NumberFormatException e) {
          object.put(name, cell); // the event rules say "must be a number"
        }
      }
      case "tags" -> {
        ArrayNode tags = object.putArray(name);
        for (String tag : cell.split("\\|", -1)) {
          if (!tag.isEmpty()) {
            tags.add(tag);
          }
        }
      }
      default -> object.put(name, cell);
    }
  }

  private static boolean isDigits(String cell) {
    if (cell.isEmpty() || cell.length() > 18) {
      return false;
    }
    for (int i = 0; i < cell.length(); i++) {
      if (!Character.isDigit(cell.charAt(i)) || cell.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
