package io.persona.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Loopback ports that were free a moment ago. A node process binds them itself, so the test has to
 * name them before it starts (the first node's remote port is every other node's seed).
 */
public final class FreePorts {
  private static final Set<Integer> handedOut = new HashSet<>();

  private FreePorts() {}

  /** A port not handed out before in this JVM, so two nodes started back to back never get the same one. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (handedOut.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port", e);
      }
    }
    throw new IllegalStateException("no new free port after 50 attempts");
  }
}
