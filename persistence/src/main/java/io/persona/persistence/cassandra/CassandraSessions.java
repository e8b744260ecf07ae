package io.persona.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;

import java.net.InetSocketAddress;
import java.time.Duration;

/** Opens the project's own driver session (catalog, schema, health, benchmarks). */
public final class CassandraSessions {
  private CassandraSessions() {}

  /** A session without a keyspace: migrations create the keyspace before anything uses it. */
  public static CqlSession connect(CassandraSettings settings) {
    var builder = CqlSession.builder()
        .withConfigLoader(driverConfig(settings))
        .withLocalDatacenter(settings.localDatacenter());
    for (InetSocketAddress point : settings.contactPoints()) {
      builder.addContactPoint(new InetSocketAddress(point.getHostString(), point.getPort()));
    }
    return builder.build();
  }

  /** The driver's settings for the project's own session. */
  static DriverConfigLoader driverConfig(CassandraSettings settings) {
    CassandraAccess access = settings.access();
    ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, access.consistency())
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, true)
        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
        // as for the journal's session (persona-node.conf): after an outage, reconnect within 5 s
        // rather than the default's up to 60 s
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(5));
    if (access.hasCredentials()) {
      config = config.withString(DefaultDriverOption.AUTH_PROVIDER_CLASS, "PlainTextAuthProvider")
          .withString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME, access.username())
          .withString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD, access.password());
    }
    if (access.ssl()) {
      config = config.withString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory")
          .withBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION, access.hostnameValidation());
      if (!access.truststorePath().isEmpty()) {
        config = config.withString(DefaultDriverOption.SSL_TRUSTSTORE_PATH, access.truststorePath())
            .withString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD, access.truststorePassword());
      }
    }
    return config.build();
  }
}
