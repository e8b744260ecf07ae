package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;

/**
 * One component of a version-1 layout, in byte order: the tag it is read into and the type it was
 * declared with then. Version 1 is what Kryo 5's {@code RecordSerializer} (record components sorted
 * by name) and {@code FieldSerializer} (fields sorted by name) wrote: a primitive as itself, a
 * value of a final declared type with only a null marker, anything else with its class id first.
 * The declared type decides which, so it is the type of version 1, never today's.
 */
public record LegacyField(int tag, Class<?> declaredType) {

  public Object read(Kryo kryo, Input input) {
    if (declaredType.isPrimitive()) {
      return kryo.readObject(input, declaredType);
    }
    if (kryo.isFinal(declaredType)) {
      return kryo.readObjectOrNull(input, declaredType);
    }
    return kryo.readClassAndObject(input);
  }
}
