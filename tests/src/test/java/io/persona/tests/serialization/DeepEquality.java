package io.persona.tests.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asserts that a deserialized value is the value that was serialized, as far down as it goes.
 * Records compare component by component (their equals does the same, except that it compares
 * arrays by identity: a {@code float[]} embedding would never equal its copy); arrays, lists, maps
 * and optionals element by element; a class that defines equals by it; any other class (one with
 * no equals, such as RecentEventIds) field by field. Runtime classes must match at every level, so
 * a List12 that comes back as an ArrayList fails too. A failure names the path to the difference.
 */
final class DeepEquality {
  private DeepEquality() {}

  static void assertDeepEquals(Object expected, Object actual, String path) {
    if (expected == null || actual == null) {
      assertSame(expected, actual, path);
      return;
    }
    assertSame(expected.getClass(), actual.getClass(), path + ": class");
    Class<?> type = expected.getClass();
    if (type.isArray()) {
      assertEquals(Array.getLength(expected), Array.getLength(actual), path + ": length");
      for (int i = 0; i < Array.getLength(expected); i++) {
        assertDeepEquals(Array.get(expected, i), Array.get(actual, i), path + "[" + i + "]");
      }
    } else if (expected instanceof List<?> list) {
      List<?> other = (List<?>) actual;
      assertEquals(list.size(), other.size(), path + ": size");
      for (int i = 0; i < list.size(); i++) {
        assertDeepEquals(list.get(i), other.get(i), path + "[" + i + "]");
      }
    } else if (expected instanceof Map<?, ?> map) {
      Map<?, ?> other = (Map<?, ?>) actual;
      assertEquals(map.keySet(), other.keySet(), path + ": keys");
      for (Object key : map.keySet()) {
        assertDeepEquals(map.get(key), other.get(key), path + "[" + key + "]");
      }
    } else if (expected instanceof Optional<?> optional) {
      assertDeepEquals(optional.orElse(null), ((Optional<?>) actual).orElse(null), path + ".get()");
    } else if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        assertDeepEquals(invoke(accessor, expected), invoke(accessor, actual), path + "." + component.getName());
      }
    } else if (definesEquals(type)) {
      assertEquals(expected, actual, path);
    } else {
      for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            assertDeepEquals(read(field, expected), read(field, actual), path + "." + field.getName());
          }
        }
      }
    }
  }

  private static boolean definesEquals(Class<?> type) {
    try {
      return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object invoke(Method accessor, Object target) {
    try {
      return accessor.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object read(Field field, Object target) {
    try {
      return field.get(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
