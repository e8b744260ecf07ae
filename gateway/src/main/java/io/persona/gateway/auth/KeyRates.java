package io.persona.gateway.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per producer key (and per end-user token's user) on this node: {@code perSecond}
 * requests a second, as many in a burst. Keys are created by operators; users' buckets are dropped
 * once idle ({@link #forgetIdle}), so clients cannot grow the map without bound.
 */
public final class KeyRates {
  private static final double NANOS_PER_SECOND = 1e9;

  private static final class Bucket {
    private double tokens;
    private long lastNanos; // guarded by the bucket

    Bucket(double tokens, long nowNanos) {
      this.tokens = tokens;
      this.lastNanos = nowNanos;
    }
  }

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Empty when the request may go ahead, else how long until the key has a token again. */
  public Optional<Duration> tryAcquire(String keyId, int perSecond, long nowNanos) {
    Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(perSecond, nowNanos));
    synchronized (bucket) {
      long elapsed = Math.max(0, nowNanos - bucket.lastNanos); // another thread may have read a later clock
      bucket.tokens = Math.min(perSecond, bucket.tokens + (double) elapsed * perSecond / NANOS_PER_SECOND);
      bucket.lastNanos = Math.max(bucket.lastNanos, nowNanos);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) * NANOS_PER_SECOND / perSecond)));
    }
  }

  /** Drops buckets untouched for {@code idle}: a new bucket starts full, as an idle one would be. */
  public void forgetIdle(long nowNanos, Duration idle) {
    buckets.entrySet().removeIf(entry -> {
      synchronized (entry.getValue()) {
        return nowNanos - entry.getValue().lastNanos > idle.toNanos();
      }
    });
  }

  int size() {
    return buckets.size();
  }
}
