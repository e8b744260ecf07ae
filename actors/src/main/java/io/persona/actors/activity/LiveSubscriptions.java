package io.persona.actors.activity;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's live listeners (WebSocket connections) by user. A listener is told that its user
 * acted; what it does about it (recompute, coalesce, push) is its own business. Closing the
 * returned registration removes every trace of the listener.
 */
public final class LiveSubscriptions {
  private final ConcurrentHashMap<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  public AutoCloseable subscribe(String userId, Runnable onUserActed) {
    return subscribeWithin(userId, onUserActed, Integer.MAX_VALUE, Integer.MAX_VALUE).orElseThrow();
  }

  /**
   * Subscribes unless the user already has {@code maxPerUser} listeners here or the node has
   * {@code maxTotal}; empty when refused. Decided atomically, so sockets opened at the same moment
   * cannot pass a bound together.
   */
  public Optional<AutoCloseable> subscribeWithin(String userId, Runnable onUserActed, int maxPerUser, int maxTotal) {
    boolean[] added = {false};
    listeners.compute(userId, (id, set) -> {
      Set<Runnable> current = set == null ? new CopyOnWriteArraySet<>() : set;
      if (current.size() < maxPerUser && reserveOne(maxTotal)) {
        added[0] = current.add(onUserActed);
        if (!added[0]) {
          total.decrementAndGet(); // already subscribed: nothing new to count
        }
      }
      return current.isEmpty() ? null : current;
    });
    if (!added[0]) {
      return Optional.empty();
    }
    return Optional.of(() -> listeners.computeIfPresent(userId, (id, set) -> {
      if (set.remove(onUserActed)) {
        total.decrementAndGet();
      }
      return set.isEmpty() ? null : set;
    }));
  }

  private boolean reserveOne(int maxTotal) {
    while (true) {
      int now = total.get();
      if (now >= maxTotal) {
        return false;
      }
      if (total.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void userActed(String userId) {
    Set<Runnable> set = listeners.get(userId);
    if (set != null) {
      set.forEach(Runnable::run);
    }
  }

  /** Users with at least one live listener on this node. */
  public int users() {
    return listeners.size();
  }

  public int listeners() {
    return total.get();
  }

  /** The user's live listeners on this node. */
  public int listenersOf(String userId) {
    Set<Runnable> set = listeners.get(userId);
    return set == null ? 0 : set.size();
  }
}
