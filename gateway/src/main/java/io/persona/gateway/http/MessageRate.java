package io.persona.gateway.http;

/**
 * A token bucket for one socket's client messages: {@code perSecond} tokens a second, as many in
 * a burst. Used by the socket's own stream only (one message at a time), so it needs no locking.
 */
final class MessageRate {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private final int perSecond;
  private double tokens;
  private long lastNanos;
  private boolean started;

  MessageRate(int perSecond) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
  }

  /** Takes a token if there is one at {@code nowNanos}. */
  boolean tryAcquire(long nowNanos) {
    if (started) {
      tokens = Math.min(perSecond, tokens + (nowNanos - lastNanos) * (double) perSecond / NANOS_PER_SECOND);
    }
    started = true;
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
