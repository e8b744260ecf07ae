package io.persona.actors.serialization;

/**
 * One step of a stored format's history: the fields of version n rewritten as the fields of
 * version n + 1 (a value converted to a new type under a new tag, a field split in two, a new
 * field computed from old ones). Only for what tags alone cannot express: adding or removing a
 * field needs no version and no upcaster.
 */
@FunctionalInterface
public interface Upcaster {
  /** {@code older} as version n + 1 would have written it (the version number is set by the caller). */
  StoredFields upcast(StoredFields older);
}
