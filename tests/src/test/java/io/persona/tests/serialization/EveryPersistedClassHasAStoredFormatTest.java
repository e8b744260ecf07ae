package io.persona.tests.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.persona.actors.serialization.StoredFormats;
import io.persona.actors.user.UserEntity;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;

/**
 * What reaches a journal or a snapshot store is found rather than listed: the event and state
 * types of every event-sourced behaviour in the main code of every module, sealed interfaces
 * opened up to their classes. Each must be a root of the shipped stored formats, and every root
 * must be one of them: a persisted class without a versioned format would freeze its layout the
 * day its first event is written. (That everything inside a root has a format of its own is
 * enforced as it is written: the stored layout refuses any other Persona class, and
 * KryoEveryClassTest writes every root's samples.)
 */
class EveryPersistedClassHasAStoredFormatTest {

  /** The Event and State type arguments of an EventSourcedBehavior subclass (the first superclass binding all three). */
  private static Stream<Class<?>> eventAndStateTypes(Class<?> behaviour) {
    for (Type type = behaviour.getGenericSuperclass(); type != null; ) {
      if (type instanceof ParameterizedType parameterized
          && Stream.of(parameterized.getActualTypeArguments()).allMatch(Class.class::isInstance)
          && parameterized.getActualTypeArguments().length == 3) {
        Type[] arguments = parameterized.getActualTypeArguments();
        return Stream.of((Class<?>) arguments[1], (Class<?>) arguments[2]);
      }
      Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
      type = raw.getGenericSuperclass();
    }
    throw new AssertionError(behaviour.getName() + " binds no event and state types");
  }

  /** The classes a value of {@code type} can be: itself, or each permitted class of a sealed type. */
  private static Stream<Class<?>> concrete(Class<?> type) {
    if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
      return Stream.of(type);
    }
    assertTrue(type.isSealed(), type.getName() + " is persisted but not sealed: its classes cannot be found");
    return Stream.of(type.getPermittedSubclasses()).flatMap(EveryPersistedClassHasAStoredFormatTest::concrete);
  }

  @Test
  void everyEventAndStateOfAnEventSourcedBehaviourIsAStoredRootAndNothingElseIs() {
    Set<Class<?>> persisted = PersonaClasspath.mainClasses().stream()
        .filter(EventSourcedBehavior.class::isAssignableFrom)
        .filter(type -> !Modifier.isAbstract(type.getModifiers()))
        .flatMap(EveryPersistedClassHasAStoredFormatTest::eventAndStateTypes)
        .flatMap(EveryPersistedClassHasAStoredFormatTest::concrete)
        .collect(Collectors.toSet());
    assertTrue(persisted.containsAll(Set.of(UserEntity.EventRecorded.class, UserEntity.State.class)),
        "the scan found the user entity's event and state: " + persisted);

    StoredFormats shipped = StoredFormats.fromConfig(ConfigFactory.load(), getClass().getClassLoader());
    assertEquals(persisted, shipped.roots().keySet());
  }
}
