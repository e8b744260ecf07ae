package io.persona.actors.serialization;

import com.typesafe.config.Config;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every stored format of the node: the roots (journal events and snapshots, stored with a
 * versioned manifest) and their parts. These classes, and only these, are persisted formats;
 * every other Kryo class is a message that never outlives the cluster that sent it.
 */
public record StoredFormats(Map<Class<?>, StoredFormat<?>> roots, Map<Class<?>, StoredFormat<?>> parts) {

  public StoredFormats {
    roots = Map.copyOf(roots);
    parts = Map.copyOf(parts);
    roots.keySet().stream().filter(parts::containsKey).findAny().ifPresent(type -> {
      throw new IllegalStateException(type.getName() + " is both a stored root and a part");
    });
  }

  public static StoredFormats of(List<StoredFormat<?>> roots, List<StoredFormat<?>> parts) {
    return new StoredFormats(byType(roots), byType(parts));
  }

  /** The catalogs named in {@code persona.serialization.kryo.stored-formats}, together. */
  public static StoredFormats fromConfig(Config config, ClassLoader classLoader) {
    List<StoredFormat<?>> roots = new ArrayList<>();
    List<StoredFormat<?>> parts = new ArrayList<>();
    for (String name : config.getStringList("persona.serialization.kryo.stored-formats")) {
      StoredFormatCatalog catalog = instantiate(name, classLoader);
      roots.addAll(catalog.roots());
      parts.addAll(catalog.parts());
    }
    return of(roots, parts);
  }

  public Optional<StoredFormat<?>> root(Class<?> type) {
    return Optional.ofNullable(roots.get(type));
  }

  /** Roots and parts. */
  public Map<Class<?>, StoredFormat<?>> all() {
    Map<Class<?>, StoredFormat<?>> all = new LinkedHashMap<>(roots);
    all.putAll(parts);
    return all;
  }

  private static Map<Class<?>, StoredFormat<?>> byType(List<StoredFormat<?>> formats) {
    Map<Class<?>, StoredFormat<?>> byType = new LinkedHashMap<>();
    for (StoredFormat<?> format : formats) {
      if (byType.put(format.type(), format) != null) {
        throw new IllegalStateException("two stored formats for " + format.type().getName());
      }
    }
    return byType;
  }

  private static StoredFormatCatalog instantiate(String className, ClassLoader classLoader) {
    try {
      return (StoredFormatCatalog) Class.forName(className, true, classLoader).getConstructor().newInstance();
    } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
             | InvocationTargetException | ClassCastException e) {
      throw new IllegalStateException("persona.serialization.kryo.stored-formats names " + className
          + ", which is not a StoredFormatCatalog with a public no-argument constructor", e);
    }
  }
}
