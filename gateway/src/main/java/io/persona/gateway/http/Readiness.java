package io.persona.gateway.http;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this node still wants traffic. It stops wanting it the moment it starts to leave, while
 * it still answers: readiness turns 503 first so load balancers move away before the server
 * unbinds (see the node's shutdown tasks).
 */
public final class Readiness {
  private final AtomicBoolean leaving = new AtomicBoolean(false);

  public boolean leaving() {
    return leaving.get();
  }

  public void markLeaving() {
    leaving.set(true);
  }
}
