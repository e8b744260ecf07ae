package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.calibration.IdentityCalibrator;
import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;
import io.persona.persistence.registry.RegisteredModel;
import io.persona.tests.support.SharedCassandra;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.schema.SchemaMigrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The model registry on the real Cassandra node: artifacts through chunks byte for byte, listing,
 * statuses, the champion pointer. Versions are unique per run; the champion pointer is shared, so
 * each test reads it right after setting it.
 */
@ExtendWith(SharedCassandra.class)
class ModelRegistryRepositoryTest {
  private static final int MIB = 1 << 20;
  private static CqlSession session;
  private static String keyspace;
  private static ModelRegistryRepository registry;

  @BeforeAll
  static void connect() {
    // a keyspace of its own: a champion promoted in the shared one would be served by every other
    // test's node (each node follows the registry it sees)
    keyspace = "persona_registry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    CassandraSettings settings = SharedCassandra.settings();
    session = CassandraSessions.connect(settings);
    SchemaMigrations.apply(session, keyspace, settings.replication());
    registry = new ModelRegistryRepository(session, keyspace);
  }

  @AfterAll
  static void disconnect() {
    session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace).setTimeout(Duration.ofSeconds(60)));
    session.close();
  }

  /** A popularity-kind artifact whose parameters are {@code size} random (incompressible) bytes. */
  private static ModelArtifact artifact(String version, Instant createdAt, int size) {
    byte[] parameters = new byte[size];
    new Random(version.hashCode()).nextBytes(parameters);
    ModelMetadata metadata = new ModelMetadata(ModelMetadata.CURRENT_FORMAT, version, "popularity", null, "spec",
        "fp-test", List.of("d0"), List.of("s0"), createdAt, "parent-of-" + version,
        createdAt.minus(Duration.ofDays(1)), createdAt.minusSeconds(60), 123_456L, 0.25, new IdentityCalibrator(),
        Map.of("auc", 0.71, "logloss", 0.43), null);
    return new ModelArtifact(metadata, parameters);
  }

  private static String version(String name) {
    return name + "-" + UUID.randomUUID();
  }

  @Test
  void aFiveMegabyteArtifactRoundTripsByteExactThroughChunks() {
    Instant createdAt = Instant.parse("2026-11-03T10:15:30.123456789Z");
    ModelArtifact artifact = artifact(version("big"), createdAt, 5 * MIB);
    Map<String, Double> evaluation = Map.of("auc_delta", 0.012, "challenger.logloss", 0.41);

    RegisteredModel registered = registry.register(artifact, ModelStatus.CHALLENGER, evaluation, "trained on 1 day");

    // what is stored: 1 MiB chunks, every one full but the last, together the registered size
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    List<Integer> sizes = new ArrayList<>();
    for (Row row : session.execute("SELECT chunk, data FROM " + keyspace + ".model_artifact_chunks WHERE version = ?",
        artifact.version())) {
      assertEquals(sizes.size(), row.getInt("chunk"), "chunks in order");
      byte[] data = new byte[row.getByteBuffer("data").remaining()];
      row.getByteBuffer("data").duplicate().get(data);
      sizes.add(data.length);
      stored.writeBytes(data);
    }
    assertEquals(6, sizes.size(), "5 MiB of parameters plus zip and metadata take six chunks");
    assertEquals(List.of(MIB, MIB, MIB, MIB, MIB), sizes.subList(0, 5));
    assertEquals(registered.sizeBytes(), stored.size());
    assertEquals(artifact, ModelArtifact.fromBytes(stored.toByteArray()));

    // toBytes() is not canonical (zip entry times, metrics order), so the loaded artifact is
    // compared by its parameters, bit for bit, and its metadata
    ModelArtifact loaded = registry.loadArtifact(artifact.version()).orElseThrow();
    assertArrayEquals(artifact.parameters(), loaded.parameters());
    assertEquals(artifact.metadata(), loaded.metadata());
    assertEquals(artifact, loaded);

    assertEquals(registered, registry.find(artifact.version()).orElseThrow());
    assertEquals(artifact.version(), registered.version());
    assertEquals("popularity", registered.kind());
    assertEquals(Instant.parse("2026-11-03T10:15:30.123Z"), registered.createdAt(), "timestamps keep milliseconds");
    assertEquals(ModelStatus.CHALLENGER, registered.status());
    assertEquals("parent-of-" + artifact.version(), registered.parentVersion());
    assertEquals(Instant.parse("2026-11-02T10:15:30.123Z"), registered.dataFrom());
    assertEquals(Instant.parse("2026-11-03T10:14:30.123Z"), registered.dataTo());
    assertEquals(123_456L, registered.examples());
    assertEquals(Map.of("auc", 0.71, "logloss", 0.43), registered.metrics());
    assertEquals(evaluation, registered.evaluation());
    assertEquals("trained on 1 day", registered.reason());
    assertTrue(registered.sizeBytes() > 5 * MIB, "size of the whole artifact, was " + registered.sizeBytes());
    assertNotNull(registered.statusChangedAt());
  }

  @Test
  void theListIsNewestFirst() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(new Random().nextInt(1_000_000));
    ModelArtifact middle = artifact(version("middle"), base, 1000);
    ModelArtifact newest = artifact(version("newest"), base.plusSeconds(3600), 1000);
    ModelArtifact oldest = artifact(version("oldest"), base.minusSeconds(3600), 1000);
    for (ModelArtifact artifact : List.of(middle, newest, oldest)) {
      registry.register(artifact, ModelStatus.CHALLENGER, Map.of(), "listed");
    }
    Set<String> ours = Set.of(middle.version(), newest.version(), oldest.version());

    List<String> listed = registry.list().stream().map(RegisteredModel::version).filter(ours::contains).toList();

    assertEquals(List.of(newest.version(), middle.version(), oldest.version()), listed);
    List<RegisteredModel> all = registry.list();
    for (int i = 1; i < all.size(); i++) {
      Instant before = all.get(i - 1).createdAt();
      Instant after = all.get(i).createdAt();
      assertTrue(after == null || (before != null && !before.isBefore(after)), "newest createdAt first at " + i);
    }
  }

  @Test
  void promotingRetiresThePreviousChampion() {
    Instant now = Instant.now();
    ModelArtifact first = artifact(version("first"), now, 2000);
    ModelArtifact second = artifact(version("second"), now.plusSeconds(1), 2000);
    registry.register(first, ModelStatus.CHALLENGER, Map.of("auc_delta", 0.02), "trained");
    registry.register(second, ModelStatus.CHALLENGER, Map.of("auc_delta", 0.01), "trained");

    registry.promote(first.version(), "beat the popularity baseline");
    ChampionPointer pointer = registry.champion().orElseThrow();
    assertEquals(first.version(), pointer.version());
    assertEquals("beat the popularity baseline", pointer.reason());
    assertEquals(ModelStatus.CHAMPION, registry.find(first.version()).orElseThrow().status());

    registry.promote(second.version(), "beat " + first.version());
    assertEquals(second.version(), registry.champion().orElseThrow().version());
    RegisteredModel champion = registry.find(second.version()).orElseThrow();
    RegisteredModel retired = registry.find(first.version()).orElseThrow();
    assertEquals(ModelStatus.CHAMPION, champion.status());
    assertEquals("beat " + first.version(), champion.reason());
    assertEquals(ModelStatus.RETIRED, retired.status());
    assertTrue(retired.reason().contains(second.version()), retired.reason());
    assertEquals(champion.statusChangedAt(), retired.statusChangedAt(), "changed together");
    assertEquals(Map.of("auc_delta", 0.02), retired.evaluation(), "a status change keeps the evaluation");
  }

  /**
   * The newest challenger is what every node asks for at each champion poll while A/B is on; the
   * registry keeps every refused model's row, so it must be found without a scan: the challengers'
   * own table follows registrations, status changes and promotions (in the same batches), and is
   * filled once per instance from the registry for a keyspace written before it.
   */
  @Test
  void theNewestChallengerIsFoundWithoutAScan() {
    String own = "persona_registry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    SchemaMigrations.apply(session, own, SharedCassandra.settings().replication());
    try {
      ModelRegistryRepository fresh = new ModelRegistryRepository(session, own);
      assertEquals(Optional.empty(), fresh.newestChallenger(), "an empty registry has none");
      Instant base = Instant.parse("2026-06-01T00:00:00Z");
      String older = version("older");
      String newer = version("newer");
      String late = version("trained-earlier-registered-later");
      fresh.register(artifact(older, base, 300), ModelStatus.CHALLENGER, Map.of(), "passed");
      assertEquals(Optional.of(older), fresh.newestChallenger());
      fresh.register(artifact(newer, base.plusSeconds(60), 300), ModelStatus.CHALLENGER, Map.of(), "passed");
      fresh.register(artifact(late, base.minusSeconds(60), 300), ModelStatus.CHALLENGER, Map.of(), "passed");
      fresh.register(artifact(version("refused"), base.plusSeconds(120), 300), ModelStatus.REJECTED, Map.of(), "no");
      assertEquals(Optional.of(newer), fresh.newestChallenger(), "the newest by createdAt, not the last registered");

      // polled as a node polls: no scan of the registry, however many rows it holds
      long scansBefore = registryScans(own);
      for (int poll = 0; poll < 10; poll++) {
        assertEquals(Optional.of(newer), fresh.newestChallenger());
      }
      assertEquals(scansBefore, registryScans(own), "polls read the challengers, not the whole registry");
      fresh.list();
      assertTrue(registryScans(own) > scansBefore, "a listing is a scan, and the counter sees it");

      fresh.setStatus(newer, ModelStatus.REJECTED, "refused by an operator");
      assertEquals(Optional.of(older), fresh.newestChallenger(), "the next newest once the newest is refused");
      fresh.promote(older, "beat the champion");
      assertEquals(Optional.of(late), fresh.newestChallenger(), "a promoted challenger is no longer one");
      fresh.setStatus(newer, ModelStatus.CHALLENGER, "brought back");
      assertEquals(Optional.of(newer), fresh.newestChallenger());

      // a keyspace from before the table: a new instance (a node's start) fills it from one scan
      session.execute("TRUNCATE " + own + ".model_challengers");
      ModelRegistryRepository restarted = new ModelRegistryRepository(session, own);
      assertEquals(Optional.of(newer), restarted.newestChallenger());
      long afterFill = registryScans(own);
      assertEquals(Optional.of(newer), restarted.newestChallenger());
      assertEquals(afterFill, registryScans(own), "filled once, then read from the table");

      // a status changed where the table is not kept (an older release's node): skipped and cleaned at the next read
      session.execute("UPDATE " + own + ".model_registry SET status = 'rejected' WHERE version = ?", newer);
      assertEquals(Optional.of(late), restarted.newestChallenger());
      assertEquals(List.of(late), challengerRows(own), "the stale row went, the live one stayed");
      // ... and brought back as a challenger after that change: its row is written again and stays
      restarted.setStatus(newer, ModelStatus.CHALLENGER, "brought back again");
      assertEquals(Optional.of(newer), restarted.newestChallenger());
      assertEquals(List.of(newer, late), challengerRows(own));

      // a stale row is deleted as of its model's status change, not now: here an older release
      // retires `late` at t1, and a return to challenger written a millisecond later has reached the
      // challengers' table but not yet the registry (a logged batch reaches its tables in turn)
      restarted.setStatus(newer, ModelStatus.RETIRED, "retired by an operator");
      long t1 = Instant.now().toEpochMilli() * 1000;
      session.execute(SimpleStatement.newInstance("UPDATE " + own
          + ".model_registry USING TIMESTAMP ? SET status = 'retired' WHERE version = ?", t1, late));
      session.execute(SimpleStatement.newInstance("INSERT INTO " + own
              + ".model_challengers (role, created_at, version) VALUES ('ranker', ?, ?) USING TIMESTAMP ?",
          restarted.find(late).orElseThrow().createdAt(), late, t1 + 1_000));
      assertEquals(Optional.empty(), restarted.newestChallenger(), "its registry row says retired");
      assertEquals(List.of(late), challengerRows(own), "the later row outlives a delete as of t1");
      session.execute(SimpleStatement.newInstance("UPDATE " + own
          + ".model_registry USING TIMESTAMP ? SET status = 'challenger' WHERE version = ?", t1 + 1_000, late));
      assertEquals(Optional.of(late), restarted.newestChallenger(), "the batch's registry half arrived");

      restarted.setStatus(late, ModelStatus.RETIRED, "retired by an operator");
      assertEquals(Optional.empty(), restarted.newestChallenger(), "no challenger left");
      assertEquals(List.of(), challengerRows(own));
      assertEquals(ModelStatus.CHAMPION, restarted.find(older).orElseThrow().status(), "the champion is untouched");
      assertEquals(older, restarted.champion().orElseThrow().version());
    } finally {
      session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + own).setTimeout(Duration.ofSeconds(60)));
    }
  }

  /** The versions in {@code model_challengers}, newest first. */
  private static List<String> challengerRows(String keyspace) {
    List<String> versions = new ArrayList<>();
    for (Row row : session.execute("SELECT version FROM " + keyspace + ".model_challengers WHERE role = 'ranker'")) {
      versions.add(row.getString("version"));
    }
    return versions;
  }

  /** Range scans of {@code model_registry} Cassandra's coordinator has counted for {@code keyspace}. */
  private static long registryScans(String keyspace) {
    Row row = session.execute("SELECT count FROM system_views.coordinator_scan_latency WHERE keyspace_name = ? "
        + "AND table_name = 'model_registry' ALLOW FILTERING", keyspace).one();
    return row == null ? 0 : row.getLong("count");
  }

  /** Each chunk's remaining TTL in seconds (null: kept for good). */
  private static List<Integer> chunkTtls(String version) {
    List<Integer> ttls = new ArrayList<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT TTL(data) AS ttl FROM " + keyspace
        + ".model_artifact_chunks WHERE version = ?", version))) {
      ttls.add(row.isNull("ttl") ? null : row.getInt("ttl"));
    }
    return ttls;
  }

  @Test
  void aRefusedModelsArtifactExpiresUnlessItIsBroughtBack() {
    ModelRegistryRepository expiring = new ModelRegistryRepository(session, keyspace, Duration.ofHours(1));
    String refused = version("refused");
    String kept = version("kept");
    expiring.register(artifact(refused, Instant.now(), 3 * MIB), ModelStatus.REJECTED, Map.of(), "auc bound");
    expiring.register(artifact(kept, Instant.now(), MIB + 1), ModelStatus.CHALLENGER, Map.of(), "passed");
    List<Integer> refusedTtls = chunkTtls(refused);
    assertTrue(refusedTtls.size() >= 3, refusedTtls.toString()); // 3 MiB of parameters and the metadata
    assertTrue(refusedTtls.stream().allMatch(ttl -> ttl != null && ttl > 3_500 && ttl <= 3_600), refusedTtls.toString());
    List<Integer> keptTtls = chunkTtls(kept);
    assertTrue(keptTtls.size() >= 2, keptTtls.toString());
    assertTrue(keptTtls.stream().allMatch(java.util.Objects::isNull), keptTtls.toString());

    // an operator brings the refused one back: its chunks no longer expire, and it still loads
    expiring.promote(refused, "by hand");
    List<Integer> promotedTtls = chunkTtls(refused);
    assertTrue(promotedTtls.size() == refusedTtls.size() && promotedTtls.stream().allMatch(java.util.Objects::isNull),
        promotedTtls.toString());
    assertEquals(refused, expiring.loadArtifact(refused).orElseThrow().version());
  }

  @Test
  void onlyARefusedModelsArtifactIsDroppedAndItsRowStays() {
    String refused = version("dropped");
    String challenger = version("spared");
    registry.register(artifact(refused, Instant.now(), 2 * MIB), ModelStatus.REJECTED, Map.of("auc_delta", -0.01),
        "auc bound");
    registry.register(artifact(challenger, Instant.now(), MIB), ModelStatus.CHALLENGER, Map.of(), "passed");
    assertTrue(chunkTtls(refused).size() >= 2);

    assertTrue(registry.dropRefusedArtifact(refused));
    assertEquals(List.of(), chunkTtls(refused), "its chunks are gone");
    RegisteredModel row = registry.find(refused).orElseThrow();
    assertEquals(ModelStatus.REJECTED, row.status());
    assertEquals("auc bound", row.reason(), "the row and the gate's reasons stay");
    IllegalStateException load = assertThrows(IllegalStateException.class, () -> registry.loadArtifact(refused));
    assertTrue(load.getMessage().contains(refused), load.getMessage());
    assertThrows(IllegalStateException.class, () -> registry.promote(refused, "by hand"),
        "a model without its artifact cannot be brought back");
    assertFalse(registry.dropRefusedArtifact(refused), "nothing left to drop");

    assertFalse(registry.dropRefusedArtifact(challenger), "a challenger's artifact is never dropped");
    assertEquals(challenger, registry.loadArtifact(challenger).orElseThrow().version());
    assertFalse(registry.dropRefusedArtifact(version("unknown")));
  }

  @Test
  void aRefusedArtifactBeingBroughtBackIsNotDropped() {
    // an operator's promote rewrites the chunks without a TTL before it changes the status: the
    // trainer's drop, arriving in between, still reads "rejected" and must leave them
    String refused = version("kept-midway");
    registry.register(artifact(refused, Instant.now(), MIB), ModelStatus.REJECTED, Map.of(), "auc bound");
    for (Row chunk : session.execute("SELECT chunk, data FROM " + keyspace + ".model_artifact_chunks WHERE version = ?",
        refused).all()) {
      session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace
          + ".model_artifact_chunks (version, chunk, data) VALUES (?, ?, ?)", refused, chunk.getInt("chunk"),
          chunk.getByteBuffer("data")));
    }
    assertEquals(ModelStatus.REJECTED, registry.find(refused).orElseThrow().status());

    assertFalse(registry.dropRefusedArtifact(refused));
    assertEquals(refused, registry.loadArtifact(refused).orElseThrow().version());
  }

  @Test
  void aRefusedModelWhoseArtifactExpiredCannotBeBroughtBack() {
    ModelRegistryRepository expiring = new ModelRegistryRepository(session, keyspace, Duration.ofSeconds(1));
    String refused = version("expired");
    expiring.register(artifact(refused, Instant.now(), 1024), ModelStatus.REJECTED, Map.of(), "auc bound");
    io.persona.tests.support.Sleep.millis(2_500);
    IllegalStateException refusal = assertThrows(IllegalStateException.class,
        () -> expiring.setStatus(refused, ModelStatus.CHALLENGER, "by hand"));
    assertTrue(refusal.getMessage().contains(refused), refusal.getMessage());
    assertEquals(ModelStatus.REJECTED, expiring.find(refused).orElseThrow().status(), "its row is unchanged");
  }

  @Test
  void aStatusIsSetWithItsReason() {
    ModelArtifact artifact = artifact(version("rejected"), Instant.now(), 500);
    registry.register(artifact, ModelStatus.CHALLENGER, Map.of(), "trained");

    registry.setStatus(artifact.version(), ModelStatus.REJECTED, "logloss worse than champion");

    RegisteredModel model = registry.find(artifact.version()).orElseThrow();
    assertEquals(ModelStatus.REJECTED, model.status());
    assertEquals("logloss worse than champion", model.reason());
    assertEquals("rejected", session.execute("SELECT status FROM " + keyspace + ".model_registry WHERE version = ?",
        artifact.version()).one().getString(0), "stored lower-case");
  }

  @Test
  void unknownVersionsAndDuplicatesAreRefused() {
    String unknown = version("no-such-model");
    IllegalArgumentException promote = assertThrows(IllegalArgumentException.class,
        () -> registry.promote(unknown, "why not"));
    assertTrue(promote.getMessage().contains(unknown), promote.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.setStatus(unknown, ModelStatus.REJECTED, "no"));
    assertEquals(Optional.empty(), registry.find(unknown), "a refused status change leaves no row behind");
    assertEquals(Optional.empty(), registry.loadArtifact(unknown));

    ModelArtifact artifact = artifact(version("twice"), Instant.now(), 700);
    RegisteredModel registered = registry.register(artifact, ModelStatus.CHALLENGER, Map.of(), "first");
    assertThrows(IllegalArgumentException.class,
        () -> registry.register(artifact, ModelStatus.CHAMPION, Map.of(), "second"));
    assertEquals(registered, registry.find(artifact.version()).orElseThrow(), "the first registration stands");
  }

  @Test
  void anArtifactWithAMissingChunkIsRefusedNamingItsVersion() {
    ModelArtifact artifact = artifact(version("holed"), Instant.now(), 2 * MIB + 100);
    registry.register(artifact, ModelStatus.CHALLENGER, Map.of(), "trained");
    session.execute("DELETE FROM " + keyspace + ".model_artifact_chunks WHERE version = ? AND chunk = 1",
        artifact.version());

    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> registry.loadArtifact(artifact.version()));
    assertTrue(missing.getMessage().contains(artifact.version()), missing.getMessage());
  }
}
