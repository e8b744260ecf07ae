package io.persona.models.artifact;

/** A model artifact that cannot be read: truncated, corrupted, or of an unknown format. */
public final class InvalidArtifactException extends RuntimeException {
  public InvalidArtifactException(String message) {
    super(message);
  }

  public InvalidArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
