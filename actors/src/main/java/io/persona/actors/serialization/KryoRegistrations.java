package io.persona.actors.serialization;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configured class → registration id table ({@code persona.serialization.kryo.registrations}).
 * An id is part of every stored byte: ids are checked for clashes here, at start, not discovered
 * as corrupt events later.
 */
public final class KryoRegistrations {
  private KryoRegistrations() {}

  public static Map<Class<?>, Integer> fromConfig(Config config, ClassLoader classLoader) {
    Config table = config.getConfig("persona.serialization.kryo.registrations");
    Map<Integer, String> byId = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : table.root().entrySet()) {
      int id = registrationId(entry.getKey(), entry.getValue().unwrapped());
      String previous = byId.put(id, entry.getKey());
      if (previous != null) {
        throw new IllegalStateException("Kryo registration id " + id + " is used by both " + previous
            + " and " + entry.getKey());
      }
      if (id < 20) {
        throw new IllegalStateException("Kryo registration ids below 20 are Kryo's own; " + entry.getKey()
            + " has " + id);
      }
    }
    Map<Class<?>, Integer> registrations = new LinkedHashMap<>();
    byId.forEach((id, className) -> registrations.put(load(className, classLoader), id));
    return registrations;
  }

  private static int registrationId(String className, Object value) {
    if (value instanceof Integer id) {
      return id;
    }
    throw new IllegalStateException("Kryo registration id of " + className + " must be a whole number, not " + value);
  }

  private static Class<?> load(String className, ClassLoader classLoader) {
    try {
      return Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Kryo registration names an unknown class: " + className, e);
    }
  }
}
