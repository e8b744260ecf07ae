package io.persona.persistence.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates and evolves the schema before first use. Migrations are CQL files under
 * {@code db/migration/}, listed in order in {@code db/migration/index}; every statement is
 * idempotent ({@code IF NOT EXISTS}) and each applied version is recorded, so running this on every
 * start, from several nodes, or after a crash half-way is safe. Every schema change is followed by
 * a wait for the nodes to agree on it ({@link SchemaAgreement}), so the repositories that prepare
 * statements next see the tables and columns on whichever node they ask.
 */
public final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
  private static final String ROOT = "db/migration/";
  private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration AGREEMENT_POLL = Duration.ofSeconds(1);

  private SchemaMigrations() {}

  /** Applies every migration not yet recorded in {@code keyspace.schema_migrations}. */
  public static List<String> apply(CqlSession session, String keyspace, String replication) {
    run(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
    run(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_migrations ("
        + "version text PRIMARY KEY, applied_at timestamp)");
    Set<String> applied = new HashSet<>();
    for (Row row : session.execute("SELECT version FROM " + keyspace + ".schema_migrations")) {
      applied.add(row.getString("version"));
    }
    List<String> appliedNow = new ArrayList<>();
    for (String version : index()) {
      if (applied.contains(version)) {
        continue;
      }
      for (String statement : statements(read(version + ".cql"))) {
        run(session, statement.replace("${keyspace}", keyspace));
      }
      session.execute(SimpleStatement.newInstance(
          "INSERT INTO " + keyspace + ".schema_migrations (version, applied_at) VALUES (?, ?)",
          version, Instant.now()));
      log.info("Applied schema migration {} to keyspace {}", version, keyspace);
      appliedNow.add(version);
    }
    return appliedNow;
  }

  /** Runs one schema statement and, where the driver's own wait ended without agreement, waits on. */
  private static void run(CqlSession session, String cql) {
    ResultSet result = session.execute(SimpleStatement.newInstance(cql).setTimeout(SCHEMA_TIMEOUT));
    if (!result.getExecutionInfo().isSchemaInAgreement()) {
      log.warn("Cassandra nodes do not agree on the schema yet after: {}; waiting up to {}", cql, SCHEMA_TIMEOUT);
      new SchemaAgreement(session::checkSchemaAgreement, SCHEMA_TIMEOUT, AGREEMENT_POLL).await(cql);
    }
  }

  static List<String> index() {
    return read("index").lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** Splits a CQL file on ';' at line ends, dropping comment lines. */
  static List<String> statements(String cql) {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : cql.split("\n")) {
      if (!line.trim().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    return Arrays.stream(withoutComments.toString().split(";\\s*\n"))
        .map(String::trim)
        .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static String read(String name) {
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing schema resource " + ROOT + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
