package io.persona.tests.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every Persona class the shipped configuration names by string (Pekko extensions, serializers,
 * serialization bindings, Kryo registrations) exists. A class moved to another package compiles
 * fine while the string still names the old place; Pekko then only logs the missing extension.
 */
class ConfiguredClassesTest {

  @Test
  void everyPersonaClassNamedInTheConfigurationExists() {
    Config config = ConfigFactory.load("persona-local.conf", ConfigParseOptions.defaults(),
        ConfigResolveOptions.defaults().setAllowUnresolved(true));
    Set<String> named = new TreeSet<>();
    named.addAll(config.getStringList("pekko.extensions"));
    config.getConfig("pekko.actor.serializers").root().unwrapped().values().forEach(v -> named.add(v.toString()));
    named.addAll(config.getConfig("pekko.actor.serialization-bindings").root().keySet());
    named.addAll(config.getConfig("pekko.actor.serialization-identifiers").root().keySet());
    named.addAll(config.getConfig("persona.serialization.kryo.registrations").root().keySet());
    named.removeIf(name -> !name.startsWith("io.persona."));
    assertFalse(named.isEmpty(), "the configuration names no Persona class: the paths above moved");

    List<String> missing = new ArrayList<>();
    for (String name : named) {
      try {
        Class.forName(name, false, getClass().getClassLoader());
      } catch (ClassNotFoundException e) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "classes named in the configuration that do not exist");
  }
}
