package io.persona.streams.learning;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Lets a retrainer that reads the whole interaction log skip its run when nothing it learns from
 * can have changed: no user action (nor any other change {@code observed} shows) was observed
 * since its last run. Reading a year of history to find it unchanged, and, for the embeddings, training
 * ALS again on it and republishing every vector, cost a quiet node seconds of CPU every few minutes
 * and put those bursts beside the requests it serves.
 *
 * <p>An action is published on the activity topic when its user's entity has persisted it, and its
 * row reaches the interaction log only after that (the ingest path writes it once the entity has
 * answered): a run that starts just after an action was observed may not find its row yet. So a
 * change observed less than {@code settle} before a run starts is not counted as read by it, and
 * the next tick runs again; a lull costs one run more than strictly needed.
 *
 * <p>The observation is the cluster's activity topic (pub-sub delivers at most once) and the log
 * also changes without an action (rows expire at the end of the horizon, a deleted user's rows
 * go, a resent event whose first log write failed is written without a second activity): a run
 * goes ahead at least every {@code recheck} whatever was observed, and the retrainer's own
 * comparison of what it read decides what it publishes, as before. The first run always goes
 * ahead, and after a failed run the next one does.
 *
 * <p>One retrainer's runs are sequential (the learning loop runs a step one run at a time), possibly
 * on different threads, hence the synchronization.
 */
public final class QuietSkip {
  /** Stands for "not read yet": equal to nothing observed. */
  private static final Object UNREAD = new Object();

  private final Supplier<?> observed;
  private final LongSupplier lastChangeNanos;
  private final long settleNanos;
  private final long recheckNanos;
  private final LongSupplier nanoTime;
  private boolean ranOnce;
  private Object observedAtLastRun;
  private long lastRunNanos;
  private long skipped;

  /**
   * @param observed        what the node observed of the retrainer's inputs, compared by
   *                        {@code equals} with its value at the last run: the count of user actions
   *                        the node observed, for instance
   * @param lastChangeNanos when the newest of those changes was observed, on {@code nanoTime}'s clock
   * @param settle          how long after an observed change its data may still be on its way
   * @param recheck         the longest a retrainer goes without a run however quiet it is
   * @param nanoTime        the clock, as {@link System#nanoTime()}
   */
  public QuietSkip(Supplier<?> observed, LongSupplier lastChangeNanos, Duration settle, Duration recheck,
                   LongSupplier nanoTime) {
    if (recheck.isNegative() || settle.isNegative()) {
      throw new IllegalArgumentException("settle and recheck must not be negative: " + settle + ", " + recheck);
    }
    this.observed = observed;
    this.lastChangeNanos = lastChangeNanos;
    this.settleNanos = settle.toNanos();
    this.recheckNanos = recheck.toNanos();
    this.nanoTime = nanoTime;
  }

  /** {@code work}, run only when {@link #due()}; a skipped run answers empty. */
  public <T> Supplier<Optional<T>> around(Supplier<Optional<T>> work) {
    return () -> {
      if (!due()) {
        return Optional.empty();
      }
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        failed();
        throw e;
      }
    };
  }

  /**
   * Whether a run should go ahead now; when it does, what was observed until {@code settle} ago
   * counts as read by it (a change observed later, or while it runs, makes the next one go ahead).
   */
  public synchronized boolean due() {
    long now = nanoTime.getAsLong();
    Object seen = observed.get();
    boolean due = !ranOnce || !Objects.equals(seen, observedAtLastRun) || now - lastRunNanos >= recheckNanos;
    if (due) {
      ranOnce = true;
      observedAtLastRun = now - lastChangeNanos.getAsLong() >= settleNanos ? seen : UNREAD;
      lastRunNanos = now;
    } else {
      skipped++;
    }
    return due;
  }

  /** Runs skipped so far. */
  public synchronized long skipped() {
    return skipped;
  }

  /** A run that failed read nothing: the next one goes ahead. */
  private synchronized void failed() {
    ranOnce = false;
  }
}
