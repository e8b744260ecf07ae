package io.persona.tests.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.persistence.cassandra.LocalNodeSettings;
import io.persona.persistence.schema.SchemaMigrations;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Cassandra node per test JVM, through the project's launcher: a node already answering
 * on the port is reused, otherwise one is started (data under tests/target/cassandra) and stopped
 * when the JVM exits. If it cannot start, the test fails with the node's log tail; it never skips.
 */
public final class SharedCassandra implements BeforeAllCallback {
  private static LocalCassandraNode node;

  @Override
  public void beforeAll(ExtensionContext context) {
    ensureStarted();
  }

  public static synchronized LocalCassandraNode ensureStarted() {
    if (node == null) {
      Config local = testConfig().getConfig("persona.cassandra.local");
      node = LocalCassandraNode.ensureRunning(LocalNodeSettings.fromConfig(local));
    }
    return node;
  }

  /** The tests' base configuration: its own keyspace, random ports, no local node start. */
  public static Config testConfig() {
    return ConfigFactory.load("persona-test");
  }

  /** A session on the test keyspace with the project's schema applied (tests that use tables directly). */
  public static CqlSession migratedSession() {
    ensureStarted();
    CassandraSettings settings = settings();
    CqlSession session = CassandraSessions.connect(settings);
    SchemaMigrations.apply(session, settings.keyspace(), settings.replication());
    return session;
  }

  /**
   * Drops a test's own keyspace. A schema change on a busy node can take longer than the driver's
   * usual request timeout, so it gets a minute: cleanup must not fail a test that passed.
   */
  public static void dropKeyspace(CqlSession session, String keyspace) {
    session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS "
        + keyspace).setTimeout(java.time.Duration.ofMinutes(1)));
  }

  public static CassandraSettings settings() {
    return CassandraSettings.fromConfig(testConfig());
  }
}
