package io.persona.simulations.quality;

import io.persona.models.learning.AlsSettings;
import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.Interaction;
import io.persona.models.learning.ConjugateGradientAls;
import io.persona.models.learning.LatentFactors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline implicit ALS on the training events: one interaction per user-item pair with the summed
 * event strength, or its log1p when {@code logStrength} (a few pairs bought fifty times would
 * otherwise dwarf everything); with a {@code halfLife} each event's strength is first decayed by
 * its age at the end of training, so old habits weigh less. Trained by the product's exact solver ({@link ImplicitAls}) or by
 * conjugate-gradient steps ({@link ConjugateGradientAls}, fast enough to tune). A user's list ranks
 * items by the inner product u·v the model was fitted for, or by cosine (v normalised; the user's
 * norm does not change a ranking) when {@code cosine}.
 */
public record Als(AlsSettings settings, boolean logStrength, Duration halfLife, boolean cosine, boolean exact)
    implements Recommender {

  @Override
  public String name() {
    return String.format("ALS%s %s (d=%d, λ=%s, α=%s, it=%d, %s strength%s)", exact ? " exact" : "-CG",
        cosine ? "cosine" : "inner product", settings.dimension(), settings.regularization(), settings.alpha(),
        settings.iterations(), logStrength ? "log" : "raw",
        halfLife == null ? "" : ", events decayed with half-life " + Durations.text(halfLife));
  }

  public Als with(AlsSettings newSettings) {
    return new Als(newSettings, logStrength, halfLife, cosine, exact);
  }

  public Als withCosine(boolean useCosine) {
    return new Als(settings, logStrength, halfLife, useCosine, exact);
  }

  public Als withExact(boolean useExact) {
    return new Als(settings, logStrength, halfLife, cosine, useExact);
  }

  public Als withHalfLife(Duration h) {
    return new Als(settings, logStrength, h, cosine, exact);
  }

  public Als withLogStrength(boolean log) {
    return new Als(settings, log, halfLife, cosine, exact);
  }

  @Override
  public Scorer fit(TrainingSet train, Fits fits) {
    LatentFactors factors = factors(train, fits);
    float[][] users = factors.users();
    float[][] items = factors.items().clone();
    if (cosine) {
      for (int i = 0; i < items.length; i++) {
        items[i] = items[i] == null ? null : normalised(items[i]);
      }
    }
    return (user, scores) -> {
      float[] u = users[user];
      if (u == null) {
        return;
      }
      for (int i = 0; i < items.length; i++) {
        float[] v = items[i];
        if (v != null) {
          scores[i] = AlsScores.dot(u, v);
        }
      }
    };
  }

  /** The trained factors, shared by the inner-product and cosine variants. */
  LatentFactors factors(TrainingSet train, Fits fits) {
    return fits.get(train, withCosine(false), () -> {
      UserItems pairs = UserItems.of(train, logStrength, halfLife);
      return exact ? exactFactors(train, pairs)
          : ConjugateGradientAls.train(train.items(), pairs.items(), pairs.strengths(), settings, null);
    });
  }

  private LatentFactors exactFactors(TrainingSet train, UserItems pairs) {
    List<Interaction> interactions = new ArrayList<>();
    for (int u = 0; u < train.users(); u++) {
      for (int k = 0; k < pairs.items()[u].length; k++) {
        interactions.add(new Interaction(Integer.toString(u), Integer.toString(pairs.items()[u][k]),
            pairs.strengths()[u][k]));
      }
    }
    Factors factors = ImplicitAls.train(interactions, settings);
    float[][] users = new float[train.users()][];
    float[][] items = new float[train.items()][];
    factors.users().forEach((id, v) -> users[Integer.parseInt(id)] = v);
    factors.items().forEach((id, v) -> items[Integer.parseInt(id)] = v);
    return new LatentFactors(users, items);
  }

  private static float[] normalised(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[v.length];
    for (int c = 0; c < v.length; c++) {
      out[c] = norm == 0 ? 0 : (float) (v[c] / norm);
    }
    return out;
  }
}
