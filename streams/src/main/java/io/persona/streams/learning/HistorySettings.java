package io.persona.streams.learning;

import com.typesafe.config.Config;
import io.persona.models.history.InteractionWeights;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code persona.learning.history}: which events teach and how strongly, and how long they are
 * kept (the learning horizon, measured on each event's own time).
 */
public record HistorySettings(Duration horizon, InteractionWeights weights) {

  public HistorySettings {
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("persona.learning.history.horizon must be positive, was " + horizon);
    }
  }

  public static HistorySettings fromConfig(Config config) {
    Config c = config.getConfig("persona.learning.history");
    Map<String, Double> types = new HashMap<>();
    Config typeWeights = c.getConfig("type-weights");
    typeWeights.root().keySet().forEach(type -> types.put(type, typeWeights.getDouble(type)));
    Config rating = c.getConfig("rating");
    return new HistorySettings(c.getDuration("horizon"), new InteractionWeights(types, rating.getDouble("weight"),
        rating.getDouble("scale"), rating.getDouble("threshold"), rating.getDouble("below-threshold")));
  }
}
