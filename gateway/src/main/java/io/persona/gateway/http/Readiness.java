package io.persona.gateway.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node wants traffic. It wants none until its serving warm-up ended (the first
 * requests would meet cold code), and none again the moment it starts to leave, while it still
 * answers: readiness turns 503 first so load balancers move away before the server unbinds (see
 * the node's shutdown tasks).
 */
public final class Readiness {
  private final AtomicBoolean leaving = new AtomicBoolean(false);
  /** "running" until the warm-up ended, then what it did. */
  private final AtomicReference<String> warmUp = new AtomicReference<>("running");
  private final AtomicBoolean warmedUp = new AtomicBoolean(false);

  public boolean leaving() {
    return leaving.get();
  }

  public void markLeaving() {
    leaving.set(true);
  }

  public boolean warmedUp() {
    return warmedUp.get();
  }

  /** "running" until {@link #markWarmedUp}, then its summary. */
  public String warmUp() {
    return warmUp.get();
  }

  /** The warm-up ended (done, cut short or failed: the node serves either way); {@code summary} says how. */
  public void markWarmedUp(String summary) {
    warmUp.set(summary);
    warmedUp.set(true);
  }
}
