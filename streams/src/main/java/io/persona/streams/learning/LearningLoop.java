package io.persona.streams.learning;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The retraining loop of the cluster: runs as a Cluster Singleton on a node with the
 * {@code trainer} role. Three streams tick on their own cadence (the example join, the trainer and
 * the slower item-embedding retrainer),
 * each doing its blocking work (Cassandra reads, DJL training) on the learning dispatcher, one step
 * at a time. A failed step (Cassandra away, say) is logged and tried again at the next tick from
 * the stored offsets. When the singleton stops (its node leaves or dies), the streams stop; the
 * next node's singleton resumes from the offsets.
 */
public final class LearningLoop {
  private static final Logger log = LoggerFactory.getLogger(LearningLoop.class);

  private LearningLoop() {}

  public static Behavior<Void> create(ExampleJoiner joiner, ChallengerTrainer trainer, EmbeddingRetrainer embeddings,
                                      EmbeddingRetrainer.EmbeddingSettings embeddingSettings,
                                      LearningSettings settings, Executor blocking) {
    return Behaviors.setup(context -> {
      Materializer materializer = Materializer.createMaterializer(context);
      UniqueKillSwitch join = ticking("example join", settings.joinTick(), joiner::catchUp, blocking, materializer);
      UniqueKillSwitch train = ticking("trainer", settings.trainerInterval(), trainer::cycle, blocking, materializer);
      UniqueKillSwitch embed = embeddingSettings.enabled()
          ? ticking("embedding retrainer", embeddingSettings.interval(), embeddings::retrain, blocking, materializer)
          : null;
      log.info("Learning loop started: joining every {}, training every {}", settings.joinTick(),
          settings.trainerInterval());
      return Behaviors.receive(Void.class)
          .onSignal(PostStop.class, stopped -> {
            join.shutdown();
            train.shutdown();
            if (embed != null) {
              embed.shutdown();
            }
            log.info("Learning loop stopped");
            return Behaviors.same();
          })
          .build();
    });
  }

  private static <T> UniqueKillSwitch ticking(String name, Duration every, Supplier<T> step, Executor blocking,
                                              Materializer materializer) {
    return Source.tick(Duration.ZERO, every, "tick")
        .mapAsync(1, tick -> CompletableFuture.supplyAsync(() -> Optional.ofNullable(step.get()), blocking)
            .exceptionally(failure -> {
              log.warn("The {} step failed; trying again at the next tick from the stored offset: {}", name,
                  failure.getMessage(), failure);
              return Optional.empty();
            }))
        .viaMat(KillSwitches.single(), Keep.right())
        .to(Sink.ignore())
        .run(materializer);
  }
}
