package io.persona.actors.model;

import io.persona.models.artifact.ModelMetadata;
import io.persona.models.hashing.StableHash;
import io.persona.models.ranking.Ranker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The champion this node serves, and optionally a challenger served to a stable share of users
 * (A/B by a hash of userId, so a user sees one variant for as long as the split stands).
 */
public final class ServingModels implements AutoCloseable {
  public static final String CHALLENGER = "challenger";

  private final String championVariant;
  private final ModelHolder champion;
  private final AtomicReference<ModelHolder> challenger = new AtomicReference<>();
  private final double challengerShare;

  /** @param championVariant the name the champion's slates are logged under (e.g. "champion") */
  public ServingModels(Ranker initialChampion, String championVariant, double challengerShare) {
    if (!(challengerShare >= 0 && challengerShare < 1)) {
      throw new IllegalArgumentException("challenger share must be in [0, 1), was " + challengerShare);
    }
    this.championVariant = championVariant;
    this.champion = new ModelHolder(initialChampion, championVariant);
    this.challengerShare = challengerShare;
  }

  /** A leased ranker and the variant name it is logged under. */
  public record Assigned(String variant, ModelHolder.Lease lease) implements AutoCloseable {
    @Override
    public void close() {
      lease.close();
    }
  }

  /** The variant {@code userId} is assigned to: the challenger only while one is installed. */
  public Assigned assign(String userId) {
    ModelHolder candidate = challenger.get();
    if (candidate != null && inChallengerShare(userId)) {
      return new Assigned(CHALLENGER, candidate.acquire());
    }
    return new Assigned(championVariant, champion.acquire());
  }

  public boolean inChallengerShare(String userId) {
    return challengerShare > 0 && StableHash.unit(userId) < challengerShare;
  }

  public ModelHolder champion() {
    return champion;
  }

  public double challengerShare() {
    return challengerShare;
  }

  public Optional<ModelMetadata> challengerMetadata() {
    return Optional.ofNullable(challenger.get()).map(ModelHolder::currentMetadata);
  }

  /** Serves {@code ranker} to the challenger share; ignored (and closed) when the share is 0. */
  public void installChallenger(Ranker ranker) {
    if (challengerShare == 0) {
      ranker.close();
      return;
    }
    ModelHolder existing = challenger.get();
    if (existing == null) {
      ModelHolder fresh = new ModelHolder(ranker, CHALLENGER);
      if (challenger.compareAndSet(null, fresh)) {
        return;
      }
      existing = challenger.get();
    }
    existing.install(ranker);
  }

  /** The challenger became the champion (or was dropped): its users go back to the champion. */
  public void removeChallenger() {
    ModelHolder removed = challenger.getAndSet(null);
    if (removed != null) {
      removed.close();
    }
  }

  @Override
  public void close() {
    removeChallenger();
    champion.close();
  }
}
