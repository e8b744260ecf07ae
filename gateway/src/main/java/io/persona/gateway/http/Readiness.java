package io.persona.gateway.http;

import java.util.Objects;
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
  /** What the warm-up did; null while it runs. */
  private final AtomicReference<String> warmUpSummary = new AtomicReference<>();

  public boolean leaving() {
    return leaving.get();
  }

  public void markLeaving() {
    leaving.set(true);
  }

  public boolean warmedUp() {
    return warmUpSummary.get() != null;
  }

  /** "running" until {@link #markWarmedUp}, then its summary. */
  public String warmUp() {
    String summary = warmUpSummary.get();
    return summary == null ? "running" : summary;
  }

  /** The warm-up ended (done, cut short or failed: the node serves either way); {@code summary} says how. */
  public void markWarmedUp(String summary) {
    warmUpSummary.set(Objects.requireNonNull(summary, "summary"));
  }
}
