package io.persona.actors.recommend;

import io.persona.models.history.HistoryModel;
import io.persona.persistence.learning.HistoryModelRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The history model this node serves (empty until one was trained). {@link #refresh} reads the
 * current version's pointer and loads a new version when it changed; requests read the model
 * without locking, and a swap never disturbs one in flight.
 */
public final class HistoryModelHolder {
  private static final Logger log = LoggerFactory.getLogger(HistoryModelHolder.class);

  private final HistoryModelRepository repository;
  private final AtomicReference<HistoryModel> current = new AtomicReference<>(HistoryModel.empty());
  private volatile boolean looked;

  public HistoryModelHolder(HistoryModelRepository repository) {
    this.repository = repository;
  }

  public HistoryModel current() {
    return current.get();
  }

  /** Whether {@link #refresh} has run to its end once: from then on an empty model means none is stored. */
  public boolean looked() {
    return looked;
  }

  /**
   * Loads the current version if it is not the one served. Blocking; never throws. One call at a
   * time, so a slow load is never started twice.
   */
  public synchronized void refresh() {
    try {
      Optional<String> wanted = repository.currentVersion();
      if (wanted.isEmpty() || wanted.get().equals(current.get().version())) {
        return;
      }
      repository.load(wanted.get()).ifPresent(model -> {
        current.set(model);
        log.info("Serving history model {} ({} interactions, {} items with neighbours)", model.version(),
            model.interactions(), model.coOccurrence().size());
      });
    } catch (RuntimeException e) {
      log.warn("Could not load the current history model; serving {} meanwhile: {}", current.get().version(),
          e.toString());
    } finally {
      looked = true;
    }
  }
}
