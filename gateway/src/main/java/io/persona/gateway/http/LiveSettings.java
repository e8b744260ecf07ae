package io.persona.gateway.http;

import com.typesafe.config.Config;

/**
 * {@code persona.live}: the bounds of live sockets, so no client can hold a node's memory or
 * connections. Keep-alive pings are Pekko's ({@code pekko.http.server.websocket.periodic-keep-alive-max-idle}).
 *
 * @param maxMessageBytes      a client message larger than this closes the socket (message-too-big)
 * @param maxSocketsPerUser    open sockets of one user on this node; one more is refused (429)
 * @param maxSocketsPerNode    open sockets on this node; one more is refused (503)
 * @param maxMessagesPerSecond client messages per socket and second; faster ones are answered 429
 */
public record LiveSettings(long maxMessageBytes, int maxSocketsPerUser, int maxSocketsPerNode,
                           int maxMessagesPerSecond) {
  public LiveSettings {
    if (maxMessageBytes < 1 || maxSocketsPerUser < 1 || maxSocketsPerNode < 1 || maxMessagesPerSecond < 1) {
      throw new IllegalArgumentException("persona.live bounds must be at least 1");
    }
  }

  public static LiveSettings fromConfig(Config live) {
    return new LiveSettings(live.getBytes("max-message-bytes"), live.getInt("max-sockets-per-user"),
        live.getInt("max-sockets-per-node"), live.getInt("max-messages-per-second"));
  }
}
