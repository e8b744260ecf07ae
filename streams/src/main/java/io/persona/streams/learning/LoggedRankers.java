package io.persona.streams.learning;

import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The models that served logged rows, loaded by version from the registry and kept for the next
 * monitor runs: the skew monitor re-scores each held-out row with the model that served it, and
 * rows are joined about a minute after serving, by which time the champion may have changed
 * several times. The most recently used {@code capacity} versions stay loaded (reading a network
 * from the registry every 10 s cycle would be ~16 MB each time); older ones are closed. A version
 * the registry does not have (a node's popularity fallback, rebuilt from live statistics) is
 * remembered as absent. Closing releases every loaded model; the node does so when it stops.
 */
public final class LoggedRankers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoggedRankers.class);

  private final Function<String, Optional<ModelArtifact>> artifacts;
  private final FeatureSpec spec;
  private final int capacity;
  /** access order: the first entry is the least recently used */
  private final LinkedHashMap<String, Optional<Ranker>> loaded = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  /**
   * @param artifacts the registry's stored artifact of a version, if any
   * @param capacity  versions kept loaded (absent ones count too, so the memory stays bounded)
   */
  public LoggedRankers(Function<String, Optional<ModelArtifact>> artifacts, FeatureSpec spec, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.artifacts = artifacts;
    this.spec = spec;
    this.capacity = capacity;
  }

  /**
   * Applies {@code use} to the ranker of {@code version} while it is held loaded; empty when the
   * registry has no loadable artifact of it, or after close. Holding the lock while scoring keeps a
   * concurrent close from releasing a model in use.
   */
  public synchronized <T> Optional<T> with(String version, Function<Ranker, T> use) {
    if (closed) {
      return Optional.empty();
    }
    Optional<Ranker> ranker = loaded.get(version);
    if (ranker == null) {
      ranker = load(version);
      loaded.put(version, ranker);
      evictBeyondCapacity();
    }
    return ranker.map(use);
  }

  /** Versions held now (loaded or known absent), least recently used first. */
  synchronized Iterable<String> versions() {
    return java.util.List.copyOf(loaded.keySet());
  }

  private Optional<Ranker> load(String version) {
    try {
      return artifacts.apply(version).map(artifact -> Rankers.load(artifact, spec));
    } catch (RuntimeException e) {
      log.warn("Could not load model {} to re-score its logged rows: {}", version, e.toString());
      return Optional.empty();
    }
  }

  private void evictBeyondCapacity() {
    Iterator<Map.Entry<String, Optional<Ranker>>> oldest = loaded.entrySet().iterator();
    while (loaded.size() > capacity && oldest.hasNext()) {
      oldest.next().getValue().ifPresent(Ranker::close);
      oldest.remove();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    loaded.values().forEach(ranker -> ranker.ifPresent(Ranker::close));
    loaded.clear();
  }
}
