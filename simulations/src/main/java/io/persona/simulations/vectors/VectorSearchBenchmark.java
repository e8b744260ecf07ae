package io.persona.simulations.vectors;

import io.persona.models.retrieval.ItemVectorIndex;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.VectorSimilarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One retrieval's nearest-neighbour search as serving asks it: the k + k/4 nearest items to a
 * user's vector under inner product, a user's own items turned away by the predicate, over a catalog
 * of clustered vectors ({@link ClusteredVectors}). {@code exact} scans every vector
 * ({@code brute-force-below} above the catalog size), {@code hnsw} walks Lucene's graph (the
 * threshold at 0); a trial builds only the index its method searches.
 */
@State(Scope.Benchmark)
public class VectorSearchBenchmark {
  /** What retrieval asks for with its default ANN quota of 100: k plus a quarter. */
  static final int FETCH = 125;

  @Param("100000")
  public int items;

  @Param("16")
  public int dimension;

  @Param({"exact", "hnsw"})
  public String method;

  private Path directory;
  private ItemVectorIndex index;
  private float[][] queries;
  private Predicate<String> notSeen;
  private int next;

  @Setup(Level.Trial)
  public void build() throws Exception {
    directory = Files.createTempDirectory("persona-vector-bench");
    ClusteredVectors catalog = new ClusteredVectors(items, dimension, 42);
    index = catalog.index(directory.resolve(method), "exact".equals(method) ? Integer.MAX_VALUE : 0);
    queries = catalog.queries(256);
    Set<String> seen = catalog.seenSample(50);
    notSeen = id -> !seen.contains(id);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    index.close();
    ClusteredVectors.delete(directory);
  }

  @Benchmark
  public List<ScoredItem> search() {
    return index.nearest(queries[next++ & 255], FETCH, notSeen);
  }

  /** Opens an index over {@code vectors} with the node's similarity and a search refresh at every write. */
  static ItemVectorIndex open(Path directory, int dimension, int bruteForceBelow) {
    return ItemVectorIndex.open(directory, dimension, VectorSimilarity.INNER_PRODUCT, bruteForceBelow, Duration.ZERO);
  }
}
