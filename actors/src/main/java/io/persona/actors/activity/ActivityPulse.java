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

  /** Called for every user action the node observes. */
  public void observed() {
    events.incrementAndGet();
    lastNanos = System.nanoTime();
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
