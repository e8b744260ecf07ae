package io.persona.actors.serialization;

import java.util.Collections;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One stored record as numbered fields (tag → value) at one format version: what a
 * {@link StoredFormat} turns its object into and back, and what an {@link Upcaster} rewrites from
 * one version to the next. Immutable.
 *
 * <p>Fields read from stored bytes stay encoded until they are asked for: a field this code does
 * not know (written by a newer version) is never decoded, so it may even hold a class this node
 * has never registered. Such fields live only while one read runs, on the Kryo instance that read
 * them.
 */
public final class StoredFields {
  /** A field's bytes as written, decoded on first use by the reading Kryo instance. */
  private record Encoded(byte[] bytes) {}

  private final int version;
  private final SortedMap<Integer, Object> values;
  private final Function<byte[], Object> decoder;

  private StoredFields(int version, SortedMap<Integer, Object> values, Function<byte[], Object> decoder) {
    if (version < 1) {
      throw new IllegalArgumentException("format versions start at 1, not " + version);
    }
    this.version = version;
    this.values = values;
    this.decoder = decoder;
  }

  /** No fields yet, at {@code version}. */
  public static StoredFields empty(int version) {
    return new StoredFields(version, new TreeMap<>(), bytes -> {
      throw new IllegalStateException("fields built in code hold no encoded values");
    });
  }

  /** Fields as read from stored bytes: each value is decoded by {@code decoder} when first asked for. */
  static StoredFields encoded(int version, SortedMap<Integer, byte[]> fields, Function<byte[], Object> decoder) {
    SortedMap<Integer, Object> values = new TreeMap<>();
    fields.forEach((tag, bytes) -> values.put(tag, new Encoded(bytes)));
    return new StoredFields(version, values, decoder);
  }

  public int version() {
    return version;
  }

  public Set<Integer> tags() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public boolean has(int tag) {
    return values.containsKey(tag);
  }

  /** The value of field {@code tag} (null is a value); a missing field is an error: ask {@link #has} first. */
  public Object get(int tag) {
    if (!values.containsKey(tag)) {
      throw new NoSuchElementException("no field " + tag + " in " + this);
    }
    Object value = values.get(tag);
    return value instanceof Encoded encoded ? decoder.apply(encoded.bytes()) : value;
  }

  public StoredFields with(int tag, Object value) {
    if (tag < 1) {
      throw new IllegalArgumentException("tags start at 1, not " + tag);
    }
    SortedMap<Integer, Object> next = new TreeMap<>(values);
    next.put(tag, value);
    return new StoredFields(version, next, decoder);
  }

  public StoredFields without(int tag) {
    SortedMap<Integer, Object> next = new TreeMap<>(values);
    next.remove(tag);
    return new StoredFields(version, next, decoder);
  }

  public StoredFields atVersion(int newVersion) {
    return new StoredFields(newVersion, values, decoder);
  }

  /** Every field in tag order, decoded. */
  void forEach(BiConsumer<Integer, Object> action) {
    values.keySet().forEach(tag -> action.accept(tag, get(tag)));
  }

  @Override
  public String toString() {
    return "StoredFields(v" + version + ", tags " + values.keySet() + ")";
  }
}
