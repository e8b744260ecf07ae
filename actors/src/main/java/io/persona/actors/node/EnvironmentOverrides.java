package io.persona.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting under {@code persona} can be set from the environment by a name derived from its
 * path: {@code PERSONA_} and the rest of the path in upper case, dots and dashes as underscores
 * ({@code persona.recommend.candidates.total} → {@code PERSONA_RECOMMEND_CANDIDATES_TOTAL}). The
 * hand-written {@code ${?PERSONA_...}} lines in the profiles stay for Pekko's settings and for the
 * names operators already use; this covers every host, port, size and timeout without one.
 */
public final class EnvironmentOverrides {
  private static final String ROOT = "persona";

  private EnvironmentOverrides() {}

  /** The environment variable that overrides {@code path} (a path under {@code persona}). */
  public static String variableFor(String path) {
    return (path.replace('.', '_').replace('-', '_')).toUpperCase(Locale.ROOT);
  }

  /** {@code config} with each {@code persona} setting whose variable is in {@code environment} replaced. */
  public static Config apply(Config config, Map<String, String> environment) {
    if (!config.hasPath(ROOT)) {
      return config;
    }
    Map<String, ConfigValue> overrides = new HashMap<>();
    for (Map.Entry<String, ConfigValue> setting : config.getConfig(ROOT).entrySet()) {
      String path = ROOT + "." + setting.getKey();
      String value = environment.get(variableFor(path));
      if (value != null) {
        overrides.put(path, parse(path, value, setting.getValue()));
      }
    }
    Config result = config;
    for (Map.Entry<String, ConfigValue> override : overrides.entrySet()) {
      result = result.withValue(override.getKey(), override.getValue());
    }
    return result;
  }

  /** A list or number is read as HOCON ("[256, 128]", "5s" stays a string Config reads as a duration). */
  private static ConfigValue parse(String path, String value, ConfigValue current) {
    return switch (current.valueType()) {
      case LIST, OBJECT -> {
        try {
          yield ConfigFactory.parseString("v = " + value).getValue("v");
        } catch (ConfigException e) {
          throw new IllegalArgumentException(variableFor(path) + " must be a HOCON "
              + current.valueType().name().toLowerCase(Locale.ROOT) + " for " + path + ", was: " + value, e);
        }
      }
      default -> ConfigValueFactory.fromAnyRef(value, "environment variable " + variableFor(path));
    };
  }
}
