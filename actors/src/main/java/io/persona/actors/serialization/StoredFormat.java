package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * How one persisted class (a journal event, a snapshot, or a class inside one) is stored, in every
 * version it ever had. Version 1 is the layout Persona wrote before formats were versioned (plain
 * Kryo, no version in the bytes, read by {@link #readLegacy}); from version 2 on the object is
 * written as numbered fields ({@link StoredFields}) behind a version number, so a field can be added
 * or removed without a new version, and anything else is a new version with an {@link Upcaster}.
 */
public interface StoredFormat<T> {
  /** Plain Kryo, no version in the bytes: what Persona wrote before stored formats existed. */
  int LEGACY_VERSION = 1;

  /** The first version written as tagged fields; version 1 bytes are read as fields of this version. */
  int FIRST_TAGGED_VERSION = 2;

  Class<T> type();

  /** The version this code writes (at least {@link #FIRST_TAGGED_VERSION}). */
  int version();

  /** {@code value} as the fields of {@link #version()}. */
  StoredFields write(T value);

  /** The object that fields of {@link #version()} describe; a field that is absent gets its default. */
  T read(StoredFields fields);

  /**
   * Version 1 bytes (a frozen layout, whatever the class looks like today) as the fields of
   * {@link #FIRST_TAGGED_VERSION}.
   */
  StoredFields readLegacy(Kryo kryo, Input input);

  /** The step from fields of {@code fromVersion} to {@code fromVersion + 1}, for 2 ≤ fromVersion < version(). */
  Upcaster upcasterFrom(int fromVersion);

  /** Fields of any version this code knows, upcast step by step to {@link #version()}, then read. */
  default T readAnyVersion(StoredFields fields) {
    if (fields.version() > version()) {
      throw new KryoException(type().getName() + " was stored in format version " + fields.version()
          + " by a newer Persona; this one reads versions up to " + version());
    }
    StoredFields current = fields;
    while (current.version() < version()) {
      current = upcasterFrom(current.version()).upcast(current).atVersion(current.version() + 1);
    }
    return read(current);
  }
}
