package io.persona.models.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The item embeddings of one node: an in-memory map for lookups, a contiguous copy for exact
 * search ({@link FlatVectors}), and a Lucene HNSW index on disk for approximate nearest-neighbour
 * search over catalogs larger than the brute-force threshold.
 *
 * <p>Similarity is chosen when the index is opened ({@link VectorSimilarity}). Under cosine every
 * vector is L2-normalized on the way in (stored and returned normalized) and queries are normalized
 * too, so Lucene's {@code DOT_PRODUCT} and the brute force dot product both compute the cosine.
 * Under inner product vectors are stored as given and searched with Lucene's
 * {@code MAXIMUM_INNER_PRODUCT}. Either way returned scores are exact, recomputed from the map,
 * whichever path found the item.
 *
 * <p>The index is updated in place and committed by {@link #commit()}; {@link #open} reads the
 * committed vectors back, so a restart rebuilds nothing, and re-upserting an unchanged catalog
 * writes nothing. An index stored under another similarity is emptied on open: it is a node-local
 * copy of vectors kept in Cassandra, which the catalog replica loads again at start. Searches see writes after a near-real-time refresh, at most one per refresh
 * interval and only when something was written, so queries never pay for a reopen per request.
 *
 * <p>Thread-safe: writes are serialized, searches run concurrently with them.
 */
public final class ItemVectorIndex implements AutoCloseable {
  private static final String ID = "id";
  private static final String VECTOR = "vector";
  /**
   * The largest component magnitude an inner-product index stores: the inner product of two such
   * vectors of the largest dimension stays far below float overflow (Lucene scores in float).
   */
  public static final float MAX_COMPONENT = 1e6f;
  /** The most dimensions Lucene's default HNSW codec accepts. */
  private static final int MAX_DIMENSION = 1024;
  private static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMillis(100);
  /**
   * Candidates fetched beyond k, so that ids the caller rejects do not leave the result short: a
   * quarter of k, at least this many. A short result asks again for four times as many. Fetching 2k
   * (before 2026-12-06) cost a third more search for no measurable recall: on 100,000 clustered
   * 16-dimensional vectors, recall@100 against exact search was 0.999 at 125 and 1.000 at 200.
   */
  private static final int MIN_OVER_FETCH = 16;
  private static final Comparator<ScoredItem> BEST_FIRST =
      Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId);

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final int dimension;
  private final VectorSimilarity similarity;
  private final int bruteForceBelow;
  private final long refreshIntervalNanos;
  private final Map<String, float[]> vectors;
  private final Object writeLock = new Object();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong graphSearches = new AtomicLong();
  /** True when something was written since the searcher was last refreshed. */
  private final AtomicBoolean stale = new AtomicBoolean();
  private volatile long lastRefreshNanos = System.nanoTime();
  private volatile boolean closed;
  /** The contiguous copy exact search scans, made at the first exact search (null before). */
  private volatile FlatVectors flat;

  private ItemVectorIndex(Directory directory, IndexWriter writer, SearcherManager searchers, int dimension,
                          VectorSimilarity similarity, int bruteForceBelow, Duration refreshInterval,
                          Map<String, float[]> vectors) {
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.dimension = dimension;
    this.similarity = similarity;
    this.bruteForceBelow = bruteForceBelow;
    this.refreshIntervalNanos = refreshInterval.toNanos();
    this.vectors = vectors;
  }

  /** A cosine index whose searches are refreshed at most every 100 ms. */
  public static ItemVectorIndex open(Path directory, int dimension, int bruteForceBelow) {
    return open(directory, dimension, bruteForceBelow, DEFAULT_REFRESH_INTERVAL);
  }

  /** A cosine index. */
  public static ItemVectorIndex open(Path directory, int dimension, int bruteForceBelow, Duration refreshInterval) {
    return open(directory, dimension, VectorSimilarity.COSINE, bruteForceBelow, refreshInterval);
  }

  /**
   * Opens the index in {@code directory}, creating it if there is none, and loads its vectors.
   *
   * @param bruteForceBelow below this many items, {@link #nearest} is an exact scan of a contiguous
   *                        copy of the vectors (about as fast as the graph up to ~200,000
   *                        16-dimensional vectors, and exact)
   * @param refreshInterval the longest time a write stays invisible to approximate search
   * @throws IllegalArgumentException if the stored index has another dimension: embeddings of
   *                                  another model need a directory of their own
   */
  public static ItemVectorIndex open(Path directory, int dimension, VectorSimilarity similarity, int bruteForceBelow,
                                     Duration refreshInterval) {
    Objects.requireNonNull(similarity, "similarity");
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("dimension must be in [1, " + MAX_DIMENSION + "], was " + dimension);
    }
    if (bruteForceBelow < 0) {
      throw new IllegalArgumentException("bruteForceBelow must not be negative");
    }
    if (refreshInterval.isNegative()) {
      throw new IllegalArgumentException("refreshInterval must not be negative");
    }
    Directory dir = null;
    IndexWriter writer = null;
    SearcherManager searchers = null;
    try {
      dir = FSDirectory.open(directory);
      IndexWriterConfig.OpenMode mode = storedSimilarity(dir).map(stored -> stored == similarity.lucene()).orElse(true)
          ? IndexWriterConfig.OpenMode.CREATE_OR_APPEND
          : IndexWriterConfig.OpenMode.CREATE; // stored under another similarity: start empty
      writer = new IndexWriter(dir, new IndexWriterConfig().setOpenMode(mode));
      searchers = new SearcherManager(writer, null);
      Map<String, float[]> vectors = new ConcurrentHashMap<>();
      IndexSearcher searcher = searchers.acquire();
      try {
        load(searcher, directory, dimension, similarity, vectors);
      } finally {
        searchers.release(searcher);
      }
      return new ItemVectorIndex(dir, writer, searchers, dimension, similarity, bruteForceBelow, refreshInterval,
          vectors);
    } catch (IOException | RuntimeException e) {
      closeQuietly(searchers, e);
      closeQuietly(writer, e);
      closeQuietly(dir, e);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot open the item vector index in " + directory, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The similarity of the vectors already stored in {@code dir}, if it holds any. */
  private static Optional<VectorSimilarityFunction> storedSimilarity(Directory dir) throws IOException {
    if (!DirectoryReader.indexExists(dir)) {
      return Optional.empty();
    }
    try (DirectoryReader reader = DirectoryReader.open(dir)) {
      for (LeafReaderContext context : reader.leaves()) {
        FieldInfo field = context.reader().getFieldInfos().fieldInfo(VECTOR);
        if (field != null) {
          return Optional.of(field.getVectorSimilarityFunction());
        }
      }
    }
    return Optional.empty();
  }

  /** Reads the live vectors back from the vector values themselves: nothing is stored twice. */
  private static void load(IndexSearcher searcher, Path path, int dimension, VectorSimilarity similarity,
                           Map<String, float[]> into) throws IOException {
    for (LeafReaderContext context : searcher.getIndexReader().leaves()) {
      LeafReader leaf = context.reader();
      FieldInfo field = leaf.getFieldInfos().fieldInfo(VECTOR);
      if (field == null) {
        continue;
      }
      if (field.getVectorDimension() != dimension || field.getVectorSimilarityFunction() != similarity.lucene()) {
        throw new IllegalArgumentException("the item vector index in " + path + " holds " + field.getVectorDimension()
            + "-dimensional " + field.getVectorSimilarityFunction() + " vectors, not " + dimension + "-dimensional "
            + similarity.lucene() + " ones");
      }
      FloatVectorValues values = leaf.getFloatVectorValues(VECTOR);
      BinaryDocValues ids = leaf.getBinaryDocValues(ID);
      Bits live = leaf.getLiveDocs();
      for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        if (ids == null || !ids.advanceExact(doc)) {
          throw new IllegalStateException("the item vector index in " + path + " has a vector without an id");
        }
        // vectorValue() reuses its buffer.
        into.put(ids.binaryValue().utf8ToString(), values.vectorValue().clone());
      }
    }
  }

  /**
   * Stores {@code vector} (normalized under cosine) for {@code itemId}. Writes nothing if the same vector is
   * already stored, so reloading an unchanged catalog at start costs no indexing.
   *
   * @throws IllegalArgumentException if the vector has another dimension, a non-finite component,
   *                                  or, under cosine, is all zeros (it has no direction)
   */
  public void upsert(String itemId, float[] vector) {
    Objects.requireNonNull(itemId, "itemId");
    float[] unit = stored(vector);
    synchronized (writeLock) {
      ensureOpen();
      if (Arrays.equals(vectors.get(itemId), unit)) {
        return;
      }
      Document doc = new Document();
      doc.add(new StringField(ID, itemId, Field.Store.NO));
      doc.add(new BinaryDocValuesField(ID, new BytesRef(itemId)));
      doc.add(new KnnFloatVectorField(VECTOR, unit, similarity.lucene()));
      try {
        writer.updateDocument(new Term(ID, itemId), doc);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot index the vector of item " + itemId, e);
      }
      vectors.put(itemId, unit);
      afterWrite(itemId, unit);
      writes.incrementAndGet();
      stale.set(true);
    }
  }

  /** Forgets {@code itemId}; nothing happens if it has no vector. */
  public void remove(String itemId) {
    Objects.requireNonNull(itemId, "itemId");
    synchronized (writeLock) {
      ensureOpen();
      if (!vectors.containsKey(itemId)) {
        return;
      }
      try {
        writer.deleteDocuments(new Term(ID, itemId));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the vector of item " + itemId, e);
      }
      vectors.remove(itemId);
      afterWrite(itemId, null);
      writes.incrementAndGet();
      stale.set(true);
    }
  }

  /** A copy of the stored vector of {@code itemId} (normalized under cosine), or null if it has none. */
  public float[] vector(String itemId) {
    float[] v = vectors.get(itemId);
    return v == null ? null : v.clone();
  }

  public int size() {
    return vectors.size();
  }

  public int dimension() {
    return dimension;
  }

  public VectorSimilarity similarity() {
    return similarity;
  }

  /** How many approximate searches this instance has run (tests check a result short of k asks again). */
  long graphSearches() {
    return graphSearches.get();
  }

  /** How many documents this instance has written or deleted since it was opened (tests check no write is wasted). */
  long writes() {
    return writes.get();
  }

  /**
   * The {@code k} items most similar to {@code query} (by this index's similarity) among those {@code accept} lets
   * through, best first. Exact below the brute-force threshold, approximate (HNSW) above it; an
   * item written within the last refresh interval may be missing from approximate results.
   *
   * @throws IllegalArgumentException if the query has another dimension, a non-finite component,
   *                                  or, under cosine, is all zeros
   */
  public List<ScoredItem> nearest(float[] query, int k, Predicate<String> accept) {
    return nearest(query, k, accept, 0);
  }

  /**
   * As above, asking the graph for {@code expectedRejections} more (at most k more) than its usual
   * over-fetch: a caller that knows how many items it will turn away (a user's own items, which
   * lie nearest to the user's vector) saves the second, four times larger search.
   */
  public List<ScoredItem> nearest(float[] query, int k, Predicate<String> accept, int expectedRejections) {
    Objects.requireNonNull(accept, "accept");
    float[] q = stored(query);
    if (k <= 0) {
      return List.of();
    }
    ensureOpen();
    if (vectors.size() < bruteForceBelow) {
      return exact(q, k, accept);
    }
    try {
      return approximate(q, k, accept, Math.max(0, Math.min(k, expectedRejections)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the item vector index", e);
    }
  }

  /**
   * Exact search: over the contiguous copy below the brute-force threshold, where it is the search
   * path; above it (the graph's fallback for a heavily filtered query) over the map, so a large
   * catalog never holds a second copy of its vectors.
   */
  private List<ScoredItem> exact(float[] q, int k, Predicate<String> accept) {
    FlatVectors scan = flat;
    if (scan == null && vectors.size() < bruteForceBelow && FlatVectors.fits(vectors.size(), dimension)) {
      synchronized (writeLock) { // writes wait while the first copy is made, so none is missed
        if (flat == null && vectors.size() < bruteForceBelow) {
          flat = new FlatVectors(vectors, dimension);
        }
        scan = flat;
      }
    }
    return scan != null ? scan.nearest(q, k, accept) : scanMap(q, k, accept);
  }

  private List<ScoredItem> scanMap(float[] q, int k, Predicate<String> accept) {
    PriorityQueue<ScoredItem> best = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      if (!accept.test(e.getKey())) {
        continue;
      }
      best.add(new ScoredItem(e.getKey(), dot(q, e.getValue())));
      if (best.size() > k) {
        best.poll();
      }
    }
    List<ScoredItem> result = new ArrayList<>(best);
    result.sort(BEST_FIRST);
    return result;
  }

  /** Keeps the copy while the catalog is below the threshold; past it the copy is dropped. */
  private void afterWrite(String itemId, float[] written) {
    if (flat == null) {
      return;
    }
    if (vectors.size() >= bruteForceBelow) {
      flat = null;
    } else if (written != null) {
      flat.put(itemId, written, vectors);
    } else {
      flat.remove(itemId, vectors);
    }
  }

  /**
   * Asks the graph for more than k neighbours and filters them here; if the caller rejected too
   * many, asks again for four times as many, until a scan of the map would be cheaper. Filtering
   * after the search keeps the caller's predicate out of Lucene, where it would run per visited
   * node of every segment.
   */
  private List<ScoredItem> approximate(float[] q, int k, Predicate<String> accept, int expectedRejections)
      throws IOException {
    refreshIfDue();
    IndexSearcher searcher = searchers.acquire();
    try {
      int docs = searcher.getIndexReader().numDocs();
      int fetch = Math.min(docs, k + Math.max(k / 4, MIN_OVER_FETCH) + expectedRejections);
      while (true) {
        graphSearches.incrementAndGet();
        ScoreDoc[] hits = fetch == 0 ? new ScoreDoc[0]
            : searcher.search(new KnnFloatVectorQuery(VECTOR, q, fetch), fetch).scoreDocs;
        List<ScoredItem> found = accepted(searcher, hits, q, accept);
        if (found.size() >= k || hits.length < fetch || fetch >= docs) {
          found.sort(BEST_FIRST);
          return found.size() > k ? List.copyOf(found.subList(0, k)) : found;
        }
        if ((long) fetch * 4 >= docs) {
          return exact(q, k, accept);
        }
        fetch *= 4;
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The accepted hits, scored from the map: a hit the map no longer has was removed after the
   * searcher was opened. Ids are read from doc values in doc order, segment by segment, which is
   * much cheaper than loading stored documents.
   */
  private List<ScoredItem> accepted(IndexSearcher searcher, ScoreDoc[] hits, float[] q, Predicate<String> accept)
      throws IOException {
    ScoreDoc[] byDoc = hits.clone();
    Arrays.sort(byDoc, Comparator.comparingInt(h -> h.doc));
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<ScoredItem> found = new ArrayList<>(hits.length);
    int currentLeaf = -1;
    BinaryDocValues ids = null;
    for (ScoreDoc hit : byDoc) {
      int leaf = ReaderUtil.subIndex(hit.doc, leaves);
      LeafReaderContext context = leaves.get(leaf);
      if (leaf != currentLeaf) {
        currentLeaf = leaf;
        ids = context.reader().getBinaryDocValues(ID);
      }
      if (ids == null || !ids.advanceExact(hit.doc - context.docBase)) {
        continue;
      }
      String itemId = ids.binaryValue().utf8ToString();
      float[] v = vectors.get(itemId);
      if (v != null && accept.test(itemId)) {
        found.add(new ScoredItem(itemId, dot(q, v)));
      }
    }
    return found;
  }

  /** Makes every write so far visible to approximate search now (tests: searches refresh by themselves when due). */
  void refresh() {
    ensureOpen();
    stale.set(false);
    try {
      searchers.maybeRefreshBlocking();
      lastRefreshNanos = System.nanoTime();
    } catch (IOException e) {
      stale.set(true);
      throw new UncheckedIOException("cannot refresh the item vector index", e);
    }
  }

  /** Refreshes only if something was written and the last refresh is old enough; never waits. */
  private void refreshIfDue() throws IOException {
    if (!stale.get() || System.nanoTime() - lastRefreshNanos < refreshIntervalNanos) {
      return;
    }
    if (stale.compareAndSet(true, false)) {
      boolean refreshed = false;
      try {
        // A refresh by refresh() in progress makes this return false: try again next time.
        refreshed = searchers.maybeRefresh();
      } finally {
        if (refreshed) {
          lastRefreshNanos = System.nanoTime();
        } else {
          stale.set(true);
        }
      }
    }
  }

  /**
   * Makes every write so far durable. Also refreshes the searcher if it is due, so that one that
   * is rarely used (below the brute-force threshold) does not keep merged-away files open, and
   * folds the exact search's overlay of recent writes into its copy.
   */
  public void commit() {
    synchronized (writeLock) {
      ensureOpen();
      try {
        writer.commit();
        refreshIfDue();
        FlatVectors scan = flat;
        if (scan != null) {
          scan.fold(vectors);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot commit the item vector index", e);
      }
    }
  }

  /** Commits, then releases the index. Searches and writes after this fail. */
  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      try (directory; writer; searchers) {
        writer.commit();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the item vector index", e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the item vector index is closed");
    }
  }

  /** The vector as this index stores and searches it: validated, and normalized under cosine. */
  private float[] stored(float[] vector) {
    Objects.requireNonNull(vector, "vector");
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the index " + dimension);
    }
    double norm = 0;
    for (float x : vector) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("vector has a non-finite component: " + x);
      }
      norm += (double) x * x;
    }
    if (similarity == VectorSimilarity.INNER_PRODUCT) {
      for (float x : vector) {
        if (Math.abs(x) > MAX_COMPONENT) {
          throw new IllegalArgumentException("vector has a component beyond ±" + MAX_COMPONENT + ": " + x);
        }
      }
      return vector.clone(); // a zero vector is a valid answer of a factorization: it scores 0
    }
    if (norm == 0) {
      throw new IllegalArgumentException("vector is all zeros");
    }
    double scale = 1 / Math.sqrt(norm);
    float[] unit = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      unit[i] = (float) (vector[i] * scale);
    }
    return unit;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static void closeQuietly(AutoCloseable resource, Exception failure) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
