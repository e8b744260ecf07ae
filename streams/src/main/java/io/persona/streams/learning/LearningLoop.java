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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The retraining loop of the cluster: runs as a Cluster Singleton on a node with the
 * {@code trainer} role. Its streams tick on their own cadence (the example join, the trainer, the
 * slower item-embedding and history-model retrainers),
 * each doing its blocking work (Cassandra reads, DJL training) on the learning dispatcher, one step
 * at a time. A failed step (Cassandra away, say) is logged and tried again at the next tick from
 * the stored offsets. When the singleton stops (its node leaves or dies), the streams stop; the
 * next node's singleton resumes from the offsets.
 */
public final class LearningLoop {
  private static final Logger log = LoggerFactory.getLogger(LearningLoop.class);

  private LearningLoop() {}

  /**
   * One stream of the loop: {@code work} runs every {@code every}, blocking, one run at a time, and
   * sooner when {@code catchUp} says a burst of activity has settled.
   *
   * @param catchUp null: the interval only
   */
  public record Step(String name, Duration every, Supplier<?> work, CatchUp.Tracker catchUp) {
    public Step(String name, Duration every, Supplier<?> work) {
      this(name, every, work, null);
    }
  }

  /** How often a step with a catch-up looks whether it is due early. */
  private static final Duration CATCH_UP_CHECK = Duration.ofSeconds(2);

  public static Behavior<Void> create(List<Step> steps, Executor blocking) {
    return Behaviors.setup(context -> {
      Materializer materializer = Materializer.createMaterializer(context);
      List<UniqueKillSwitch> running = new ArrayList<>();
      for (Step step : steps) {
        running.add(ticking(step, blocking, materializer));
      }
      log.info("Learning loop started: {}", steps.stream().map(step -> step.name() + " every " + step.every())
          .collect(Collectors.joining(", ")));
      return Behaviors.receive(Void.class)
          .onSignal(PostStop.class, stopped -> {
            running.forEach(UniqueKillSwitch::shutdown);
            log.info("Learning loop stopped");
            return Behaviors.same();
          })
          .build();
    });
  }

  private static UniqueKillSwitch ticking(Step step, Executor blocking, Materializer materializer) {
    CatchUp.Tracker catchUp = step.catchUp();
    boolean checksEarly = catchUp != null && step.every().compareTo(CATCH_UP_CHECK) > 0;
    Duration tick = checksEarly ? CATCH_UP_CHECK : step.every();
    // Without early checks every tick is a run. With them, ticks come every CATCH_UP_CHECK and are
    // handled a little late at times: one up to half a check before the interval is up counts as
    // on time, or the step would wait a whole extra check.
    long dueAfterNanos = checksEarly ? step.every().minus(tick.dividedBy(2)).toNanos() : 0;
    long[] lastRun = {0};
    boolean[] ranOnce = {false};
    return Source.tick(Duration.ZERO, tick, "tick")
        // a tick is dropped while a run is in progress (the source waits for demand)
        .filter(t -> {
          long now = System.nanoTime();
          boolean due = !ranOnce[0] || now - lastRun[0] >= dueAfterNanos || (checksEarly && catchUp.due());
          if (due) {
            ranOnce[0] = true;
            lastRun[0] = now;
            if (checksEarly) {
              catchUp.running();
            }
          }
          return due;
        })
        .mapAsync(1, t -> CompletableFuture.supplyAsync(() -> Optional.ofNullable(step.work().get()), blocking)
            .exceptionally(failure -> {
              log.warn("The {} step failed; trying again at the next tick from the stored offset: {}", step.name(),
                  failure.getMessage(), failure);
              return Optional.empty();
            }))
        .viaMat(KillSwitches.single(), Keep.right())
        .to(Sink.ignore())
        .run(materializer);
  }
}
