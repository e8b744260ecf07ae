package io.persona.streams.learning;

import com.typesafe.config.Config;
import io.persona.models.learning.AttributionSettings;
import io.persona.models.learning.GateSettings;

import java.time.Duration;
import java.util.Set;

/**
 * The retraining loop's settings ({@code persona.learning}).
 *
 * @param lateness         how long after an attribution window closes the join still waits for
 *                         slow prediction-log writes and outcomes
 * @param maxStep          the most serving time one join step covers
 * @param startLookback    how far back a loop without a stored offset starts
 * @param minTrainExamples new training rows needed before a training cycle
 * @param minNewShare      new training rows needed too, as a share of the replayed rows trained with them
 * @param replayExamples   recent training rows trained on again with the new ones
 * @param holdoutExamples  newest held-out rows kept for early stopping, calibration and evaluation
 * @param evalShare        the newest share of those that evaluates; of the rest, the older half
 *                         (negatives kept as training's) stops training early, the newer calibrates
 * @param promotionCooldown how long after a promotion the trainer waits before it trains the next
 *                         challenger
 * @param rejectedArtifactTtl how long a refused challenger's artifact is kept (its registry row stays)
 * @param rejectedArtifactsKept how many of the trainer's newest refused artifacts are kept until
 *                         their TTL; older ones are dropped at once
 */
public record LearningSettings(boolean enabled, AttributionSettings attribution, Duration lateness, Duration joinTick,
                               Duration maxStep, Duration startLookback, Duration trainerInterval,
                               int minTrainExamples, double minNewShare, int replayExamples, int holdoutExamples, double evalShare,
                               int epochs, GateSettings gate, double challengerShare, Duration championPoll,
                               Duration promotionCooldown, Duration rejectedArtifactTtl,
                               int rejectedArtifactsKept) {

  public LearningSettings {
    if (!(evalShare > 0 && evalShare < 1)) {
      throw new IllegalArgumentException("learning.trainer.eval-share must be in (0, 1), was " + evalShare);
    }
    if (!(minNewShare >= 0 && minNewShare <= 1)) {
      throw new IllegalArgumentException("learning.trainer.min-new-share must be in [0, 1], was " + minNewShare);
    }
    if (minTrainExamples < 1 || replayExamples < 0 || holdoutExamples < 2 || epochs < 1) {
      throw new IllegalArgumentException("learning.trainer sizes must be positive");
    }
    if (rejectedArtifactTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("learning.registry.rejected-artifact-ttl must be at least 1s, was "
          + rejectedArtifactTtl);
    }
    if (rejectedArtifactsKept < 0) {
      throw new IllegalArgumentException("learning.registry.rejected-artifacts-kept must not be negative, was "
          + rejectedArtifactsKept);
    }
    if (promotionCooldown.isNegative()) {
      throw new IllegalArgumentException("learning.gate.cooldown must not be negative, was " + promotionCooldown);
    }
  }

  public static LearningSettings fromConfig(Config config) {
    Config c = config.getConfig("persona.learning");
    Config attribution = c.getConfig("attribution");
    Config gate = c.getConfig("gate");
    Config trainer = c.getConfig("trainer");
    return new LearningSettings(
        c.getBoolean("enabled"),
        new AttributionSettings(attribution.getDuration("window"), Set.copyOf(attribution.getStringList("positive-types")),
            attribution.getDouble("negative-rate"), attribution.getDouble("holdout-share")),
        c.getDuration("join.lateness"),
        c.getDuration("join.tick"),
        c.getDuration("join.max-step"),
        c.getDuration("join.start-lookback"),
        trainer.getDuration("interval"),
        trainer.getInt("min-train-examples"),
        trainer.getDouble("min-new-share"),
        trainer.getInt("replay-examples"),
        trainer.getInt("holdout-examples"),
        trainer.getDouble("eval-share"),
        trainer.getInt("epochs"),
        new GateSettings(gate.getDouble("auc-margin"), gate.getDouble("logloss-margin"), gate.getDouble("ece-margin"),
            gate.getLong("min-examples"), gate.getLong("min-positives"), gate.getDouble("auc-confidence"),
            gate.getDouble("logloss-confidence")),
        c.getDouble("ab.challenger-share"),
        c.getDuration("champion-poll"),
        gate.getDuration("cooldown"),
        c.getDuration("registry.rejected-artifact-ttl"),
        c.getInt("registry.rejected-artifacts-kept"));
  }
}
