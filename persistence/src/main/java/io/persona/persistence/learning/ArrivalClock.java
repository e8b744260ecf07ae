package io.persona.persistence.learning;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Numbers the interaction log's writes in the order they are made ({@code arrival}, migration
 * V011): the wall clock in microseconds, or one more than the last number where that is not larger.
 * Strictly increasing within a JVM, and across nodes as far as their clocks agree, which is enough
 * for its one use: a user's events with the same timestamp come from one entity, in order.
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
