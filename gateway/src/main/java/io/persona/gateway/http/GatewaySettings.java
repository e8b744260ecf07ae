package io.persona.gateway.http;

import com.typesafe.config.Config;
import io.persona.models.events.UserEventRules;

import java.time.Duration;
import java.time.Instant;

/** {@code persona.http}, {@code persona.ingest}, {@code persona.items} and {@code persona.live} as the routes need them. */
public record GatewaySettings(
    String host,
    int port,
    int maxEventsPerRequest,
    long maxBodyBytes,
    int maxItemsPerRequest,
    Duration askTimeout,
    Duration retryAfter,
    UserEventRules eventRules,
    LiveSettings live,
    HttpTls tls,
    String corsOrigins) {

  public static GatewaySettings fromConfig(Config config) {
    Config events = config.getConfig("persona.users.events");
    return new GatewaySettings(
        config.getString("persona.http.host"),
        config.getInt("persona.http.port"),
        config.getInt("persona.ingest.max-events-per-request"),
        config.getBytes("persona.ingest.max-body-bytes"),
        config.getInt("persona.items.max-per-request"),
        config.getDuration("persona.ingest.ask-timeout"),
        config.getDuration("persona.ingest.retry-after"),
        new UserEventRules(
            Instant.parse(events.getString("earliest")),
            events.getDuration("max-future-skew"),
            events.getInt("max-context-entries")),
        LiveSettings.fromConfig(config.getConfig("persona.live")),
        HttpTls.fromConfig(config.getConfig("persona.http.tls")),
        config.getString("persona.http.cors.allowed-origins"));
  }
}
