package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Reads a {@link StoredFormat}'s version-1 bytes (written before formats had versions) into
 * today's object: the format's frozen layout gives the fields, the upcasters bring them to today.
 * Nothing writes version 1 any more.
 */
final class LegacySerializer<T> extends Serializer<T> {
  private final StoredFormat<T> format;

  LegacySerializer(StoredFormat<T> format) {
    super(false, true);
    this.format = format;
  }

  @Override
  public void write(Kryo kryo, Output output, T value) {
    throw new KryoException("format version 1 of " + format.type().getName() + " is only read, never written");
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> type) {
    return format.readAnyVersion(format.readLegacy(kryo, input));
  }
}
