package io.persona.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens the project's own driver session (catalog, schema, health, benchmarks). */
public final class CassandraSessions {
  private CassandraSessions() {}

  /** A session without a keyspace: migrations create the keyspace before anything uses it. */
  public static CqlSession connect(CassandraSettings settings) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, true)
        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
        // as for the journal's session (persona-node.conf): after an outage, reconnect within 5 s
        // rather than the default's up to 60 s
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(5))
        .build();
    var builder = CqlSession.builder()
        .withConfigLoader(config)
        .withLocalDatacenter(settings.localDatacenter());
    for (InetSocketAddress point : settings.contactPoints()) {
      builder.addContactPoint(new InetSocketAddress(point.getHostString(), point.getPort()));
    }
    return builder.build();
  }
}
