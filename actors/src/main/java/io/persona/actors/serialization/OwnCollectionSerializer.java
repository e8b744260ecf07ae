package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

/**
 * A List or Map class of Persona's own (a profile's compact columns) in a message: written as the
 * plain JDK list or map it stands for, read back through the class's {@code static of(List)} or
 * {@code static of(Map)}. Kryo's own collection serializers would rebuild it by adding elements,
 * which an immutable class refuses, and its field serializer reaches into java.util's fields.
 */
final class OwnCollectionSerializer extends Serializer<Object> {
  private final Class<?> plainType;
  private final MethodHandle of;

  OwnCollectionSerializer(Class<?> type) {
    super(false, true);
    this.plainType = List.class.isAssignableFrom(type) ? List.class : Map.class;
    try {
      this.of = MethodHandles.publicLookup().findStatic(type, "of", MethodType.methodType(type, plainType));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException(type.getName() + " is a " + plainType.getSimpleName()
          + " in messages, so it needs a public static of(" + plainType.getSimpleName() + ")", e);
    }
    if (!Modifier.isFinal(type.getModifiers())) {
      throw new IllegalStateException(type.getName() + " must be final to be written by its registration id");
    }
  }

  static boolean handles(Class<?> type) {
    return !type.getPackageName().startsWith("java.")
        && (List.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type));
  }

  @Override
  public void write(Kryo kryo, Output output, Object value) {
    Object plain = plainType == List.class ? List.copyOf((List<?>) value) : Map.copyOf((Map<?, ?>) value);
    kryo.writeClassAndObject(output, plain);
  }

  @Override
  public Object read(Kryo kryo, Input input, Class<?> type) {
    Object plain = kryo.readClassAndObject(input);
    try {
      return of.invoke(plain);
    } catch (Throwable e) {
      throw new KryoException("could not rebuild a " + type.getName() + " from " + plain, e);
    }
  }
}
