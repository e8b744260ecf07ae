package io.persona.streams.learning;

import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The models that served logged rows, loaded by version from the registry and kept for the next
 * monitor runs: the skew monitor re-scores each held-out row with the model that served it, and
 * rows are joined about a minute after serving, by which time the champion may have changed
 * several times. The most recently used {@code capacity} models stay loaded (reading a network
 * from the registry every 10 s cycle would be ~16 MB each time); older ones are closed. A version
 * the registry does not have (a node's popularity fallback, rebuilt from live statistics under a
 * new name) is remembered as absent, apart from the loaded ones, so fallbacks cannot push models
 * out. Closing releases every loaded model; the node does so when it stops.
 */
public final class LoggedRankers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoggedRankers.class);

  /** Versions the registry did not have that are remembered, so they are not asked for every cycle. */
  private static final int ABSENT_REMEMBERED = 256;

  private final Function<String, Optional<ModelArtifact>> artifacts;
  private final FeatureSpec spec;
  private final int capacity;
  /** access order: the first entry is the least recently used */
  private final LinkedHashMap<String, Ranker> loaded = new LinkedHashMap<>(16, 0.75f, true);
  /** Versions the registry has no artifact of (a popularity fallback gets a new one every rebuild). */
  private final LinkedHashSet<String> absent = new LinkedHashSet<>();
  private boolean closed;

  /**
   * @param artifacts the registry's stored artifact of a version, if any
   * @param capacity  models kept loaded; versions the registry lacks do not count
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
    if (closed || absent.contains(version)) {
      return Optional.empty();
    }
    Ranker ranker = loaded.get(version);
    if (ranker == null) {
      Optional<Ranker> fresh = load(version);
      if (fresh.isEmpty()) {
        return Optional.empty();
      }
      ranker = fresh.get();
      loaded.put(version, ranker);
      evictBeyondCapacity();
    }
    return Optional.of(use.apply(ranker));
  }

  /** Versions held loaded now, least recently used first. */
  synchronized List<String> versions() {
    return List.copyOf(loaded.keySet());
  }

  /**
   * The version's model; empty, and remembered as absent, when the registry has none. A failure to
   * read or load is not remembered: the next cycle tries again.
   */
  private Optional<Ranker> load(String version) {
    Optional<ModelArtifact> artifact;
    try {
      artifact = artifacts.apply(version);
    } catch (RuntimeException e) {
      log.warn("Could not read model {} to re-score its logged rows: {}", version, e.toString());
      return Optional.empty();
    }
    if (artifact.isEmpty()) {
      absent.add(version);
      if (absent.size() > ABSENT_REMEMBERED) {
        absent.remove(absent.iterator().next());
      }
      return Optional.empty();
    }
    try {
      return Optional.of(Rankers.load(artifact.get(), spec));
    } catch (RuntimeException e) {
      log.warn("Could not load model {} to re-score its logged rows: {}", version, e.toString());
      return Optional.empty();
    }
  }

  private void evictBeyondCapacity() {
    Iterator<Map.Entry<String, Ranker>> oldest = loaded.entrySet().iterator();
    while (loaded.size() > capacity && oldest.hasNext()) {
      oldest.next().getValue().close();
      oldest.remove();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    loaded.values().forEach(Ranker::close);
    loaded.clear();
    absent.clear();
  }
}
