package io.persona.simulations.quality;

import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.TimedInteraction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The candidates for Persona's own retrieval: up to four sources blended, each scaled to a maximum
 * of 1 for the user before weighting (so the weights are comparable whatever a source's units):
 * <ul>
 *   <li>co-occurrence ({@link ItemCoOccurrence}) with the user's last {@code seeds} distinct items,
 *       the seed at recency rank r (0 = newest) weighing {@code seedDecay}^r;</li>
 *   <li>repeat: the user's own items by strength decayed with {@code repeatHalfLife}, the "you
 *       recently interacted with" source (it can only help where seen items may come back);</li>
 *   <li>popularity: event counts decayed with {@code popularityHalfLife};</li>
 *   <li>ALS: the inner product of the user's and the item's factors of {@code als}.</li>
 * </ul>
 */
public record HistoryBlend(CoOccurrenceSettings coOccurrence, int seeds, double seedDecay, Duration repeatHalfLife,
                           Duration popularityHalfLife, Als als, BlendWeights weights) implements Recommender {

  @Override
  public String name() {
    List<String> parts = new ArrayList<>();
    if (weights.coOccurrence() > 0) {
      parts.add(String.format("co-occurrence %.2f (window %d, β %.2f, backward %.2f, half-life %s, %d neighbours; seeds %d × %.2f^r)",
          weights.coOccurrence(), coOccurrence.window(), coOccurrence.damping(), coOccurrence.backward(), Durations.text(coOccurrence.halfLife()),
          coOccurrence.neighbours(), seeds, seedDecay));
    }
    if (weights.repeat() > 0) {
      parts.add(String.format("repeat %.2f (half-life %s)", weights.repeat(), Durations.text(repeatHalfLife)));
    }
    if (weights.popularity() > 0) {
      parts.add(String.format("popularity %.2f (half-life %s)", weights.popularity(),
          Durations.text(popularityHalfLife)));
    }
    if (weights.als() > 0) {
      parts.add(String.format("ALS %.2f (d=%d, λ=%s, α=%s, %s strength, event half-life %s)", weights.als(),
          als.settings().dimension(), als.settings().regularization(), als.settings().alpha(),
          als.logStrength() ? "log" : "raw", Durations.text(als.halfLife())));
    }
    return "blend: " + String.join(" + ", parts);
  }

  public HistoryBlend withCoOccurrence(CoOccurrenceSettings settings) {
    return new HistoryBlend(settings, seeds, seedDecay, repeatHalfLife, popularityHalfLife, als, weights);
  }

  public HistoryBlend withSeeds(int count, double decay) {
    return new HistoryBlend(coOccurrence, count, decay, repeatHalfLife, popularityHalfLife, als, weights);
  }

  public HistoryBlend withRepeatHalfLife(Duration halfLife) {
    return new HistoryBlend(coOccurrence, seeds, seedDecay, halfLife, popularityHalfLife, als, weights);
  }

  public HistoryBlend withPopularityHalfLife(Duration halfLife) {
    return new HistoryBlend(coOccurrence, seeds, seedDecay, repeatHalfLife, halfLife, als, weights);
  }

  public HistoryBlend withAls(Als model) {
    return new HistoryBlend(coOccurrence, seeds, seedDecay, repeatHalfLife, popularityHalfLife, model, weights);
  }

  public HistoryBlend withWeights(BlendWeights w) {
    return new HistoryBlend(coOccurrence, seeds, seedDecay, repeatHalfLife, popularityHalfLife, als, w);
  }

  @Override
  public Scorer fit(TrainingSet train, Fits fits) {
    Neighbours neighbours = weights.coOccurrence() > 0
        ? fits.get(train, coOccurrence, () -> Neighbours.train(train, coOccurrence)) : null;
    AlsScores alsScores = weights.als() > 0
        ? fits.get(train, List.of("scores", als.withCosine(false)), () -> new AlsScores(als.factors(train, fits))) : null;
    double[] popularity = weights.popularity() > 0
        ? fits.get(train, List.of("popularity", String.valueOf(popularityHalfLife)),
            () -> Popularity.counts(train, popularityHalfLife)) : null;
    long end = train.end();
    ThreadLocal<double[]> buffers = ThreadLocal.withInitial(() -> new double[train.items()]);
    return (user, scores) -> {
      double[] part = buffers.get();
      if (neighbours != null) {
        Arrays.fill(part, 0);
        double weight = 1;
        for (int seed : RecentItems.lastDistinct(train, user, seeds)) {
          neighbours.add(seed, weight, part);
          weight *= seedDecay;
        }
        addScaled(scores, part, weights.coOccurrence());
      }
      if (weights.repeat() > 0) {
        Arrays.fill(part, 0);
        for (int e : train.eventsOf(user)) {
          part[train.item(e)] += train.strength(e) * Durations.decay(end - train.time(e), repeatHalfLife);
        }
        addScaled(scores, part, weights.repeat());
      }
      if (popularity != null) {
        addScaled(scores, popularity, weights.popularity());
      }
      float[] alsRow = alsScores == null ? null : alsScores.of(user);
      if (alsRow != null) {
        for (int i = 0; i < alsRow.length; i++) {
          part[i] = alsRow[i];
        }
        addScaled(scores, part, weights.als());
      }
    };
  }

  /** Adds {@code weight}·part/max(part) when part has a positive maximum. */
  private static void addScaled(double[] scores, double[] part, double weight) {
    double max = 0;
    for (double v : part) {
      max = Math.max(max, v);
    }
    if (max > 0) {
      for (int i = 0; i < scores.length; i++) {
        scores[i] += weight * part[i] / max;
      }
    }
  }

  /** An {@link ItemCoOccurrence} model's neighbour lists by item number. */
  private record Neighbours(int[][] items, float[][] similarities) {

    static Neighbours train(TrainingSet train, CoOccurrenceSettings settings) {
      ItemCoOccurrence model = ItemCoOccurrence.train(histories(train), settings, train.end());
      int[][] items = new int[train.items()][];
      float[][] similarities = new float[train.items()][];
      for (int i = 0; i < train.items(); i++) {
        List<ScoredItem> row = model.neighbours(Integer.toString(i));
        items[i] = new int[row.size()];
        similarities[i] = new float[row.size()];
        for (int k = 0; k < row.size(); k++) {
          items[i][k] = Integer.parseInt(row.get(k).itemId());
          similarities[i][k] = (float) row.get(k).score();
        }
      }
      return new Neighbours(items, similarities);
    }

    void add(int seed, double weight, double[] into) {
      for (int k = 0; k < items[seed].length; k++) {
        into[items[seed][k]] += weight * similarities[seed][k];
      }
    }

    /** The training events as the model reads them: one history per user, oldest first. */
    private static List<List<TimedInteraction>> histories(TrainingSet train) {
      List<List<TimedInteraction>> out = new ArrayList<>(train.users());
      for (int u = 0; u < train.users(); u++) {
        int[] events = train.eventsOf(u);
        List<TimedInteraction> history = new ArrayList<>(events.length);
        for (int e : events) {
          history.add(new TimedInteraction(Integer.toString(train.item(e)), train.time(e), train.strength(e)));
        }
        out.add(history);
      }
      return out;
    }
  }
}
