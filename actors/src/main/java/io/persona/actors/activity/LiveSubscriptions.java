package io.persona.actors.activity;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * This node's live listeners (WebSocket connections) by user. A listener is told that its user
 * acted; what it does about it (recompute, coalesce, push) is its own business. Closing the
 * returned registration removes every trace of the listener.
 */
public final class LiveSubscriptions {
  private final ConcurrentHashMap<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

  public AutoCloseable subscribe(String userId, Runnable onUserActed) {
    listeners.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>()).add(onUserActed);
    return () -> listeners.computeIfPresent(userId, (id, set) -> {
      set.remove(onUserActed);
      return set.isEmpty() ? null : set;
    });
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
    return listeners.values().stream().mapToInt(Set::size).sum();
  }
}
