package io.persona.actors.model;

import io.persona.models.artifact.ModelMetadata;
import io.persona.models.calibration.IdentityCalibrator;
import io.persona.models.features.FeatureBatch;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Scores;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The holder's lease counting, with a ranker that records whether it was used after close. */
class ModelHolderTest {

  /** Counts uses and fails any use after close, as a native ranker would crash. */
  static final class TrackingRanker implements Ranker {
    final String version;
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger usedAfterClose = new AtomicInteger();

    TrackingRanker(String version) {
      this.version = version;
    }

    @Override
    public ModelMetadata metadata() {
      return new ModelMetadata(1, version, "test", null, "spec", "fp", null, null, Instant.EPOCH, null, null, null,
          0, 1.0, new IdentityCalibrator(), Map.of(), null);
    }

    @Override
    public Scores score(FeatureBatch candidates) {
      if (closed.get()) {
        usedAfterClose.incrementAndGet();
      }
      return new Scores(new double[0], new double[0], new double[0]);
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void aSwappedModelClosesOnlyAfterItsLastLease() {
    TrackingRanker first = new TrackingRanker("v1");
    ModelHolder holder = new ModelHolder(first, "champion");
    ModelHolder.Lease inFlight = holder.acquire();
    holder.install(new TrackingRanker("v2"));
    assertFalse(first.closed.get(), "closed while a request still held it");
    assertEquals("v2", holder.currentMetadata().version());
    inFlight.ranker().score(null);
    inFlight.close();
    assertTrue(first.closed.get());
    assertEquals(0, first.usedAfterClose.get());
  }

  @Test
  void aLeaseCannotBeReleasedTwice() {
    ModelHolder holder = new ModelHolder(new TrackingRanker("v1"), "champion");
    ModelHolder.Lease lease = holder.acquire();
    lease.close();
    holder.close();
    assertThrows(IllegalStateException.class, lease::close);
  }

  @Test
  void swapsUnderConcurrentLoadNeverServeAClosedModel() throws Exception {
    ModelHolder holder = new ModelHolder(new TrackingRanker("v0"), "champion");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger usedAfterClose = new AtomicInteger();
    AtomicInteger scored = new AtomicInteger();
    Future<?>[] workers = new Future<?>[3];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = pool.submit(() -> {
        while (running.get()) {
          try (ModelHolder.Lease lease = holder.acquire()) {
            TrackingRanker ranker = (TrackingRanker) lease.ranker();
            ranker.score(null);
            usedAfterClose.addAndGet(ranker.usedAfterClose.get());
            scored.incrementAndGet();
          }
        }
      });
    }
    TrackingRanker[] installed = new TrackingRanker[200];
    for (int v = 0; v < installed.length; v++) {
      installed[v] = new TrackingRanker("v" + (v + 1));
      holder.install(installed[v]);
    }
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(0, usedAfterClose.get());
    assertTrue(scored.get() > 0);
    for (int v = 0; v < installed.length - 1; v++) {
      assertTrue(installed[v].closed.get(), "v" + (v + 1) + " was never released");
    }
    assertFalse(installed[installed.length - 1].closed.get());
  }
}
