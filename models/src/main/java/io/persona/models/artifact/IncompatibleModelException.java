package io.persona.models.artifact;

/**
 * A readable model that must not serve here: trained with another feature definition, so its
 * columns would be fed values that mean something else.
 */
public final class IncompatibleModelException extends RuntimeException {
  public IncompatibleModelException(String message) {
    super(message);
  }
}
