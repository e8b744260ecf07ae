package io.persona.persistence.learning;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Numbers the interaction log's writes in the order they are made ({@code arrival}, migration
 * V011): the wall clock in microseconds, or one more than the last number where that is not larger.
 * Strictly increasing within a JVM, and across nodes as far as their clocks agree. An import writes
 * each user's events in the order of the file (its slices one after another), so a basket's lines
 * keep the file's order exactly; live events are numbered as their journal writes are confirmed on
 * the node that took the request, which is their order in the user's journal but for events of one
 * request confirmed within the same instant, and events of one user sent to two nodes at the same
 * millisecond are ordered by those nodes' clocks.
 */
public final class ArrivalClock {
  /** The JVM's one clock, shared by every log writer in it. */
  public static final ArrivalClock SYSTEM = new ArrivalClock(
      () -> TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));

  private final LongSupplier micros;
  private final AtomicLong last = new AtomicLong();

  ArrivalClock(LongSupplier micros) {
    this.micros = micros;
  }

  /** The next number: larger than every number this clock gave before. */
  public long next() {
    long now = micros.getAsLong();
    return last.updateAndGet(previous -> Math.max(previous + 1, now));
  }
}
