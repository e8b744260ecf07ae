package io.persona.models.slate;

/**
 * Where served slates go. Implementations must not block the caller: a slate that cannot be
 * taken now is dropped and counted, never silently lost.
 */
public interface SlateLog {

  /** Hands over one served slate; false if it was dropped (counted by the implementation). */
  boolean offer(ServedSlate slate);
}
