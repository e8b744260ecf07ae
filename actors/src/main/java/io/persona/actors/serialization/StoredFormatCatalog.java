package io.persona.actors.serialization;

import java.util.List;

/**
 * The stored formats one part of the system owns, named in
 * {@code persona.serialization.kryo.stored-formats} and created by its public no-argument
 * constructor (the owner imports this package, so this package cannot import the owner).
 */
public interface StoredFormatCatalog {
  /** Journal events and snapshots: what is stored as a whole, with a manifest naming its version. */
  List<StoredFormat<?>> roots();

  /** Every class inside a root's bytes that is not a JDK type: each is versioned in its own bytes. */
  List<StoredFormat<?>> parts();
}
