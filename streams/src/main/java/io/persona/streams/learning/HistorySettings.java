package io.persona.streams.learning;

import com.typesafe.config.Config;
import io.persona.models.history.HistoryTraining;
import io.persona.models.history.InteractionWeights;
import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.persistence.learning.InteractionRetention;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code persona.learning.history}: which events teach and how strongly, how long they are kept
 * (the learning horizon, measured on each event's own time, and how far back an imported history
 * is kept: {@link InteractionRetention}), how the history model is trained, and how often it is
 * retrained and looked for by every node.
 */
public record HistorySettings(Duration horizon, Duration backfillReach, InteractionWeights weights,
                              Duration retrainInterval, HistoryTraining.Settings training, Duration modelPoll,
                              Blend blend) {

  /**
   * {@code persona.learning.history.blend}: whether and how the sources' shares are measured, and
   * whether the sources' own settings (seeds, seed decay, popularity's half-life) are chosen too, and
   * with them how co-occurrence pairs items (window, damping, backward share).
   */
  public record Blend(boolean tune, int users, int minUsers, int candidatesPerSource, Duration retuneAfter,
                      boolean tuneSources, boolean tunePairing) {}

  public HistorySettings {
    new InteractionRetention(horizon, backfillReach); // checks both
  }

  /** How long the interaction log keeps an interaction, and so what every training run reads. */
  public InteractionRetention retention() {
    return new InteractionRetention(horizon, backfillReach);
  }

  public static HistorySettings fromConfig(Config config) {
    Config c = config.getConfig("persona.learning.history");
    Map<String, Double> types = new HashMap<>();
    Config typeWeights = c.getConfig("type-weights");
    typeWeights.root().keySet().forEach(type -> types.put(type, typeWeights.getDouble(type)));
    Config rating = c.getConfig("rating");
    Config co = c.getConfig("co-occurrence");
    return new HistorySettings(c.getDuration("horizon"), c.getDuration("backfill-reach"), new InteractionWeights(types, rating.getDouble("weight"),
        rating.getDouble("scale"), rating.getDouble("threshold"), rating.getDouble("below-threshold")),
        c.getDuration("retrain-interval"),
        new HistoryTraining.Settings(new CoOccurrenceSettings(co.getInt("window"), co.getDuration("half-life"),
            co.getDouble("damping"), co.getInt("neighbours"), co.getDouble("backward")),
            c.getDuration("popularity-half-life")),
        c.getDuration("model-poll"),
        new Blend(c.getBoolean("blend.tune"), c.getInt("blend.users"), c.getInt("blend.min-users"),
            c.getInt("blend.candidates-per-source"), c.getDuration("blend.retune-after"),
            c.getBoolean("blend.tune-sources"), c.getBoolean("blend.tune-pairing")));
  }
}
