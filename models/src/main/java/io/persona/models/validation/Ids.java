package io.persona.models.validation;

import java.util.Optional;

/**
 * The one rule for every identifier and category Persona accepts: 1-128 printable characters.
 * Real catalogs and histories use spaces, punctuation and any script ({@code Home & Garden},
 * {@code Électronique}, {@code 85123A}, {@code user/42}); what is refused is what cannot be shown
 * or compared reliably: control characters, line and paragraph separators, unassigned code points,
 * broken surrogate pairs, and an id that is only white space.
 */
public final class Ids {
  public static final int MAX_LENGTH = 128;

  private Ids() {}

  public static boolean isValid(String id) {
    return check("id", id).isEmpty();
  }

  /** Empty when {@code id} is valid, else why not. */
  public static Optional<FieldError> check(String field, String id) {
    if (id == null) {
      return Optional.of(new FieldError(field, "is required"));
    }
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return Optional.of(new FieldError(field, "must be 1-" + MAX_LENGTH + " characters long"));
    }
    if (id.isBlank()) {
      return Optional.of(new FieldError(field, "must not be only white space"));
    }
    for (int i = 0; i < id.length(); ) {
      int c = id.codePointAt(i);
      if (!printable(c)) {
        return Optional.of(new FieldError(field, String.format(
            "may not contain control or unassigned characters (U+%04X at position %d)", c, i)));
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  private static boolean printable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.SURROGATE, Character.UNASSIGNED, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE -> false;
      default -> true;
    };
  }
}
