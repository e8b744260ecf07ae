package io.persona.actors.activity;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much user activity this node has seen on the cluster-wide activity topic, and when it last
 * saw some: enough for the learning loop to notice that a burst (an import, a replay) has arrived
 * and settled, without reading the interaction log. Node-local and in memory; it starts at 0.
 */
public final class ActivityPulse {
  private final AtomicLong events = new AtomicLong();
  private volatile long lastNanos = System.nanoTime();

  /**
   * Called for every user action the node observes. The time first: a reader that sees the new
   * count (read before the time) then also sees its time, so an action just observed is never
   * taken for a settled one.
   */
  public void observed() {
    lastNanos = System.nanoTime();
    events.incrementAndGet();
  }

  /** User actions observed since the node started. */
  public long events() {
    return events.get();
  }

  /** {@link System#nanoTime()} of the newest observed action (of the start while there was none). */
  public long lastNanos() {
    return lastNanos;
  }
}
