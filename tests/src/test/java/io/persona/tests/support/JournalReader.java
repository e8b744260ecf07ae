package io.persona.tests.support;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a user's events straight from the Cassandra journal ({@code <keyspace>.messages}), not
 * through any node: what is there survives every node. The rows are Kryo bytes, so a small local
 * actor system with the node configuration (Persona's serializer and its registrations) decodes
 * them.
 */
public final class JournalReader implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final Serialization serialization;
  private final CqlSession session;
  private final PreparedStatement rows;

  public JournalReader(CassandraSettings cassandra, String keyspace) {
    this.system = ActorSystem.create(Behaviors.empty(), "journal-reader",
        ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
            .withFallback(ConfigFactory.load("persona-node")));
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
    this.session = CassandraSessions.connect(cassandra);
    this.rows = session.prepare("SELECT sequence_nr, ser_id, ser_manifest, event FROM " + keyspace
        + ".messages WHERE persistence_id = ? AND partition_nr = ?");
  }

  /**
   * The user's journal, in sequence order: one entry per row, so an event persisted twice appears
   * twice. Partitions are read until the first empty one.
   */
  public List<Entry> entries(String userId) {
    List<Entry> entries = new ArrayList<>();
    for (long partition = 0; ; partition++) {
      int before = entries.size();
      for (Row row : session.execute(rows.bind(UserEntity.persistenceId(userId).id(), partition))) {
        ByteBuffer buffer = row.getByteBuffer("event");
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Object event = serialization.deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest")).get();
        entries.add(new Entry(row.getLong("sequence_nr"), ((UserEntity.EventRecorded) event).event().eventId()));
      }
      if (entries.size() == before) {
        return entries;
      }
    }
  }

  public record Entry(long sequenceNr, String eventId) {}

  @Override
  public void close() {
    session.close();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // only the decoding system: nothing to keep
    }
  }
}
