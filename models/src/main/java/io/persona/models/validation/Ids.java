package io.persona.models.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/** The one rule for every identifier Persona accepts: 1-128 chars of {@code [A-Za-z0-9._:@-]}. */
public final class Ids {
  public static final int MAX_LENGTH = 128;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Empty when {@code id} is valid, else why not. */
  public static Optional<FieldError> check(String field, String id) {
    if (id == null) {
      return Optional.of(new FieldError(field, "is required"));
    }
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return Optional.of(new FieldError(field, "must be 1-128 characters long"));
    }
    if (!ID.matcher(id).matches()) {
      return Optional.of(new FieldError(field, "may contain only A-Z a-z 0-9 . _ : @ -"));
    }
    return Optional.empty();
  }
}
