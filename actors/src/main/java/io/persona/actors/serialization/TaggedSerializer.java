package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a {@link StoredFormat}'s object as its version and its tagged fields: {@code version,
 * count, (tag, length, value)*}, all counts as varints, each value as Kryo writes a value of any
 * class (its registration id, then its bytes). The length lets a reader skip a field it does not
 * know without decoding it; reading upcasts older versions and refuses newer ones.
 */
final class TaggedSerializer<T> extends Serializer<T> {
  private static final int FIELD_BUFFER = 64;

  private final StoredFormat<T> format;

  TaggedSerializer(StoredFormat<T> format) {
    super(false, true);
    this.format = format;
  }

  @Override
  public void write(Kryo kryo, Output output, T value) {
    StoredFields fields = format.write(value);
    output.writeVarInt(fields.version(), true);
    output.writeVarInt(fields.tags().size(), true);
    fields.forEach((tag, fieldValue) -> {
      Output field = new Output(FIELD_BUFFER, -1);
      kryo.writeClassAndObject(field, fieldValue);
      output.writeVarInt(tag, true);
      output.writeVarInt(field.position(), true);
      output.writeBytes(field.getBuffer(), 0, field.position());
    });
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> type) {
    int version = input.readVarInt(true);
    int count = input.readVarInt(true);
    SortedMap<Integer, byte[]> fields = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      int tag = input.readVarInt(true);
      fields.put(tag, input.readBytes(input.readVarInt(true)));
    }
    return format.readAnyVersion(StoredFields.encoded(version, fields, bytes -> kryo.readClassAndObject(new Input(bytes))));
  }
}
