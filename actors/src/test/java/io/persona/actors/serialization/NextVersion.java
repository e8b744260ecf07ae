package io.persona.actors.serialization;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codec as a later Persona would build it: today's registration table and stored formats,
 * with some classes replaced by their next version under the same registration id (as if the
 * class had been edited), and perhaps new classes registered. No actor system: nothing here holds
 * an actor reference.
 */
final class NextVersion {
  private final Map<Class<?>, Integer> registrations;
  private final Map<Class<?>, StoredFormat<?>> roots;
  private final Map<Class<?>, StoredFormat<?>> parts;

  private NextVersion(Map<Class<?>, Integer> registrations, Map<Class<?>, StoredFormat<?>> roots,
                      Map<Class<?>, StoredFormat<?>> parts) {
    this.registrations = new LinkedHashMap<>(registrations);
    this.roots = new LinkedHashMap<>(roots);
    this.parts = new LinkedHashMap<>(parts);
  }

  /** What ships today. */
  static NextVersion today() {
    Config config = ConfigFactory.load();
    ClassLoader classLoader = NextVersion.class.getClassLoader();
    StoredFormats shipped = StoredFormats.fromConfig(config, classLoader);
    return new NextVersion(KryoRegistrations.fromConfig(config, classLoader), shipped.roots(), shipped.parts());
  }

  /** {@code next} takes the place of {@code today}'s class: its registration id and its role. */
  NextVersion replacing(Class<?> today, StoredFormat<?> next) {
    NextVersion version = new NextVersion(registrations, roots, parts);
    Integer id = version.registrations.remove(today);
    if (id == null) {
      throw new IllegalArgumentException(today.getName() + " is not registered");
    }
    version.registrations.put(next.type(), id);
    Map<Class<?>, StoredFormat<?>> role = version.roots.remove(today) != null ? version.roots : version.parts;
    version.parts.remove(today);
    role.put(next.type(), next);
    return version;
  }

  /** A class this version adds, with its stored format. */
  NextVersion adding(StoredFormat<?> part, int id) {
    NextVersion version = new NextVersion(registrations, roots, parts);
    version.registrations.put(part.type(), id);
    version.parts.put(part.type(), part);
    return version;
  }

  KryoCodec codec() {
    return new KryoCodec(registrations, new StoredFormats(roots, parts), null);
  }
}
