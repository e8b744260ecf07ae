package io.persona.actors.model;

import io.persona.actors.model.ModelTelemetry;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.ranking.Ranker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ranker this node serves with. A new model is installed while requests are scoring with the
 * old one: each request holds a {@link Lease}, and the old ranker's native memory is released only
 * when its last lease is returned, so a swap never fails a request in flight.
 */
public final class ModelHolder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelHolder.class);

  private final AtomicReference<Lease> current;
  private final String variant;

  /** @param variant the serving variant this holder serves (e.g. "champion"), as its metrics are tagged */
  public ModelHolder(Ranker initial, String variant) {
    this.current = new AtomicReference<>(new Lease(initial));
    this.variant = variant;
    ModelTelemetry.installed(variant, initial.metadata(), null);
  }

  /** The current ranker, retained until the returned lease is closed (use try-with-resources). */
  public Lease acquire() {
    while (true) {
      Lease lease = current.get();
      if (lease.retain()) {
        return lease;
      }
      // Lost a race with install(): that lease was retired between get() and retain(); take the new one.
    }
  }

  /** Serves {@code ranker} from now on; the previous one closes when its last request finishes. */
  public void install(Ranker ranker) {
    Lease previous = current.getAndSet(new Lease(ranker));
    log.info("Serving model {} ({}), replacing {}", ranker.metadata().version(), ranker.metadata().kind(),
        previous.ranker.metadata().version());
    ModelTelemetry.installed(variant, ranker.metadata(), previous.ranker.metadata());
    previous.close(); // the holder's own reference
  }

  public ModelMetadata currentMetadata() {
    return current.get().ranker.metadata();
  }

  @Override
  public void close() {
    Lease last = current.get();
    ModelTelemetry.retired(variant, last.ranker.metadata());
    last.close();
  }

  /** A counted reference to one ranker. The holder owns one count; each request owns one more. */
  public static final class Lease implements AutoCloseable {
    private final Ranker ranker;
    private final AtomicInteger references = new AtomicInteger(1);

    private Lease(Ranker ranker) {
      this.ranker = Objects.requireNonNull(ranker, "ranker");
    }

    public Ranker ranker() {
      return ranker;
    }

    private boolean retain() {
      while (true) {
        int n = references.get();
        if (n == 0) {
          return false;
        }
        if (references.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    @Override
    public void close() {
      int left = references.decrementAndGet();
      if (left == 0) {
        ranker.close();
      } else if (left < 0) {
        throw new IllegalStateException("lease of model " + ranker.metadata().version() + " released twice");
      }
    }
  }
}
