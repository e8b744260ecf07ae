package io.persona.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of one target port, to take a dependency away from a running
 * node and give it back. Each accepted connection gets its own connection to the target and a
 * pair of pump threads. {@link #cut()} closes every live connection (with a reset) and makes new
 * ones be closed as soon as they are accepted, until {@link #restore()}; the listening port stays
 * the same throughout, so a client reconnects to the same address.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Thread acceptor;
  private volatile boolean cut;
  private volatile boolean closed;

  public TcpProxy(int targetPort) {
    this("127.0.0.1", targetPort);
  }

  public TcpProxy(String targetHost, int targetPort) {
    this.target = new InetSocketAddress(targetHost, targetPort);
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot open the proxy's port: " + e, e);
    }
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The proxy's own port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** Connections forwarded to the target so far. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Connections closed at once because the proxy was cut. */
  public long refusedConnections() {
    return refused.get();
  }

  /** Connections currently forwarded (each counts its client side and its target side). */
  public int liveSockets() {
    return live.size();
  }

  /** Closes every live connection and every new one, until {@link #restore()}. */
  public void cut() {
    cut = true;
    for (Socket socket : live) {
      abort(socket);
    }
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  @Override
  public void close() {
    closed = true;
    cut = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : live) {
      abort(socket);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (cut) {
        refused.incrementAndGet();
        abort(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        abort(client);
        abort(upstream);
        continue;
      }
      live.add(client);
      live.add(upstream);
      if (cut) { // cut while connecting
        abort(client);
        abort(upstream);
        refused.incrementAndGet();
        continue;
      }
      accepted.incrementAndGet();
      pump(client, upstream, "up");
      pump(upstream, client, "down");
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while (!cut && (n = in.read(buffer)) >= 0) {
          if (cut) {
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // the other direction or cut() closed the sockets
      } finally {
        abort(from);
        abort(to);
      }
    }, "tcp-proxy-" + direction + "-" + from.getPort());
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes with a reset (SO_LINGER 0), as a dead peer or a dropped network would look. */
  private void abort(Socket socket) {
    live.remove(socket);
    try {
      if (!socket.isClosed()) {
        socket.setSoLinger(true, 0);
      }
    } catch (SocketException ignored) {
      // already gone
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
