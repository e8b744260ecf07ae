package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.actors.catalog.CatalogChanged;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.catalog.CatalogUpdates;
import io.persona.actors.catalog.CatalogWriter;
import io.persona.models.retrieval.ColdStartEmbeddings;
import io.persona.models.retrieval.VectorSimilarity;
import io.persona.models.retrieval.FreshItems;
import io.persona.models.retrieval.ItemVectorIndex;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.persistence.catalog.ItemEmbeddingRepository;
import io.persona.persistence.catalog.ItemRepository;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The catalog on this node: the items in Cassandra, the category cache ingest reads, the writer
 * that stores changes and tells every node, and this node's replica with its vector index, loaded
 * at start and kept current over pub-sub.
 */
public final class Catalog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Catalog.class);
  static final DispatcherSelector DISPATCHER = DispatcherSelector.fromConfig("persona.retrieval.dispatcher");

  /** {@code persona.items} and {@code persona.retrieval} as the catalog uses them. */
  public record Settings(Path indexDir, int embeddingDimension, VectorSimilarity similarity, int bruteForceBelow,
                         Duration indexRefresh,
                         Duration indexCommit, int freshCapacity, long coldStartSeed, Duration loadTimeout,
                         Duration categoryCacheTtl, int categoryCacheSize, Duration reconcileInterval,
                         Duration reconcileAfterJoin, Duration reconcileSettle) {
    public static Settings fromConfig(Config config) {
      Config retrieval = config.getConfig("persona.retrieval");
      return new Settings(indexDirectory(config),
          config.getInt("persona.ranking.features.embedding-dimension"),
          VectorSimilarity.parse(retrieval.getString("similarity")),
          retrieval.getInt("brute-force-below"), retrieval.getDuration("refresh-interval"),
          retrieval.getDuration("commit-interval"), retrieval.getInt("fresh-capacity"),
          retrieval.getLong("cold-start-seed"), retrieval.getDuration("load-timeout"),
          config.getDuration("persona.items.category-cache-ttl"), config.getInt("persona.items.category-cache-size"),
          retrieval.getDuration("reconcile-interval"), retrieval.getDuration("reconcile-after-join"),
          retrieval.getDuration("reconcile-settle"));
    }

    /** Each node keeps its own index; several nodes on one machine must not share a directory. */
    private static Path indexDirectory(Config config) {
      String configured = config.getString("persona.retrieval.index-dir");
      if (!configured.isEmpty()) {
        return Path.of(configured);
      }
      int port = config.getInt("pekko.remote.artery.canonical.port");
      try {
        return port == 0 ? Files.createTempDirectory("persona-index") : Path.of("data", "index-" + port);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final ItemRepository items;
  private final ItemCategories categories;
  private final CatalogReplica replica;
  private final CatalogWriter writer;
  private final List<Cancellable> periodic;

  private Catalog(ItemRepository items, ItemCategories categories, CatalogReplica replica, CatalogWriter writer,
                  List<Cancellable> periodic) {
    this.items = items;
    this.categories = categories;
    this.replica = replica;
    this.writer = writer;
    this.periodic = periodic;
  }

  public static Catalog start(ActorSystem<?> system, Storage storage, ActorRef<Topic.Command<CatalogChanged>> topic,
                              Settings settings) throws Exception {
    ItemRepository items = new ItemRepository(storage.session(), storage.keyspace());
    ItemEmbeddingRepository embeddings = new ItemEmbeddingRepository(storage.session(), storage.keyspace());
    ItemVectorIndex index = ItemVectorIndex.open(settings.indexDir(), settings.embeddingDimension(),
        settings.similarity(), settings.bruteForceBelow(), settings.indexRefresh());
    CatalogReplica replica = new CatalogReplica(index, new FreshItems(settings.freshCapacity()),
        new ColdStartEmbeddings(settings.embeddingDimension(), settings.coldStartSeed()));

    // Subscribe to catalog changes first and load the catalog inside the subscriber's setup: changes
    // published meanwhile wait in its mailbox and are applied after the load, never before it.
    // Reconciliations go through the same mailbox (CatalogUpdates: compare, then heal what no change
    // settled meanwhile). Once the node closes they leave the closing replica alone.
    java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
    CompletableFuture<Integer> loaded = new CompletableFuture<>();
    ActorRef<CatalogUpdates.Command> updates = system.systemActorOf(CatalogUpdates.create(topic, replica, () -> {
      try {
        replica.upsertItems(items.loadAll());
        replica.upsertEmbeddings(embeddings.loadAll());
        loaded.complete(replica.size());
      } catch (RuntimeException | Error e) {
        if (!loaded.completeExceptionally(e)) { // fail the start now, not after the load timeout
          throw e; // a reload after a restart: the subscriber's supervisor tries again after a backoff
        }
      }
    }, () -> open.get() ? compare(replica, items, embeddings) : Optional.empty(), settings.reconcileSettle()),
        "catalog-updates", DISPATCHER);
    int count = loaded.get(settings.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
    log.info("Catalog replica loaded: {} items, {} trained embeddings, vector index of {}", count,
        replica.trainedEmbeddings(), index.size());

    List<Cancellable> periodic = new ArrayList<>();
    periodic.add(system.scheduler().scheduleWithFixedDelay(settings.indexCommit(), settings.indexCommit(),
        index::commit, system.dispatchers().lookup(DISPATCHER)));
    if (!settings.reconcileInterval().isZero()) {
      periodic.add(system.scheduler().scheduleWithFixedDelay(settings.reconcileInterval(),
          settings.reconcileInterval(), () -> updates.tell(new CatalogUpdates.Reconcile()),
          system.dispatchers().lookup(DISPATCHER)));
    }
    ActorRef<CatalogJoinReconciliation.Command> joins = settings.reconcileAfterJoin().isZero() ? null
        : system.systemActorOf(CatalogJoinReconciliation.create(settings.reconcileAfterJoin(), updates),
            "catalog-join-reconciliation", org.apache.pekko.actor.typed.Props.empty());
    periodic.add(new Cancellable() {
      @Override
      public boolean cancel() {
        boolean wasOpen = open.getAndSet(false);
        if (wasOpen && joins != null) {
          joins.tell(new CatalogJoinReconciliation.Stop());
        }
        return wasOpen;
      }

      @Override
      public boolean isCancelled() {
        return !open.get();
      }
    });
    ItemCategories categories = new ItemCategories(items, settings.categoryCacheTtl(), settings.categoryCacheSize(),
        Clock.systemUTC());
    return new Catalog(items, categories, replica, new CatalogWriter(categories, embeddings, topic), periodic);
  }

  /**
   * Compares the replica with Cassandra, which every catalog write reaches first, for a
   * reconciliation: pub-sub delivers at most once (a node unreachable for a moment, a message
   * dropped in transit). Empty when Cassandra could not be read (logged).
   */
  private static Optional<CatalogReplica.Differences> compare(CatalogReplica replica, ItemRepository items,
                                                              ItemEmbeddingRepository embeddings) {
    try {
      return Optional.of(replica.differences(items.loadAll(), embeddings.loadAll()));
    } catch (RuntimeException e) {
      log.warn("Catalog reconciliation skipped this time: {}", e.toString());
      return Optional.empty();
    }
  }

  public ItemRepository items() {
    return items;
  }

  /** Item categories as ingest records them with each event. */
  public ItemCategories categories() {
    return categories;
  }

  public CatalogReplica replica() {
    return replica;
  }

  public CatalogWriter writer() {
    return writer;
  }

  /** Stops committing the index; call before the actor system terminates. */
  public void stopCommits() {
    periodic.forEach(Cancellable::cancel);
  }

  /** Releases the index; call after the actor system terminated. */
  @Override
  public void close() {
    periodic.forEach(Cancellable::cancel);
    replica.close();
  }
}
