package io.persona.gateway.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One line of an import: its 1-based line number (a CSV file's header is line 1) and either the
 * JSON object it stands for or why it could not be read.
 */
public record ImportLine(long line, ObjectNode object, String unreadable) {

  public static ImportLine of(long line, ObjectNode object) {
    return new ImportLine(line, object, null);
  }

  public static ImportLine unreadable(long line, String reason) {
    return new ImportLine(line, null, reason);
  }

  public boolean readable() {
    return object != null;
  }
}
