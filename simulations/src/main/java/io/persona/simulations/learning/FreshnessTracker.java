package io.persona.simulations.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers when each click was acknowledged and when each model version first served the
 * simulator; at the end, with what {@link ModelWatcher} learned of each version's training data,
 * tells how long a click waited to be part of the model serving. The first-served times are kept
 * from the slates themselves, so the 5-second poll adds nothing to the figure.
 */
final class FreshnessTracker {
  private final Map<String, Long> firstServed = new ConcurrentHashMap<>();
  private long[] clicks = new long[1024];
  private int clickCount;

  void served(String modelVersion, long atMillis) {
    firstServed.merge(modelVersion, atMillis, Math::min);
  }

  synchronized void clicked(long ackedAtMillis) {
    if (clickCount == clicks.length) {
      clicks = Arrays.copyOf(clicks, clicks.length * 2);
    }
    clicks[clickCount++] = ackedAtMillis;
  }

  Freshness measure(Map<String, ModelInfo> models, boolean modelsAnswered, String problem) {
    long[] times;
    synchronized (this) {
      times = Arrays.copyOf(clicks, clickCount);
    }
    if (!modelsAnswered) {
      return new Freshness(false, times.length, 0, null, "n/a: " + problem);
    }
    return measure(times, Map.copyOf(firstServed), models);
  }

  /**
   * For each click: the first time a version whose data reaches the click served a slate, minus the
   * click's time (never below zero: the node's and the simulator's clocks are one clock here).
   */
  static Freshness measure(long[] clickTimes, Map<String, Long> firstServed, Map<String, ModelInfo> models) {
    List<long[]> versions = new ArrayList<>(); // {firstServed, dataTo}
    firstServed.forEach((version, served) -> {
      ModelInfo model = models.get(version);
      if (model != null && model.dataToMillis() >= 0) {
        versions.add(new long[] {served, model.dataToMillis()});
      }
    });
    if (versions.isEmpty()) {
      return new Freshness(false, clickTimes.length, 0, null,
          "n/a: no model that served a slate said what its data reaches (dataTo)");
    }
    versions.sort(Comparator.comparingLong(v -> v[0]));
    long[] waits = new long[clickTimes.length];
    int count = 0;
    for (long click : clickTimes) {
      for (long[] version : versions) {
        if (version[1] >= click) {
          waits[count++] = Math.max(0, version[0] - click);
          break;
        }
      }
    }
    if (count == 0) {
      return new Freshness(true, clickTimes.length, 0, null, "no served model was trained past any click yet");
    }
    long[] resolved = Arrays.copyOf(waits, count);
    Arrays.sort(resolved);
    double p50 = resolved[(count + 1) / 2 - 1] / 1000.0;
    return new Freshness(true, clickTimes.length, count, p50,
        "click acknowledged -> first slate from a model whose dataTo >= the click");
  }
}
