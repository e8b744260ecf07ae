package io.persona.streams.learning;

import io.persona.actors.model.ModelPromotions;
import io.persona.models.artifact.ModelArtifact;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;

/**
 * What becomes of a reviewed challenger: every one is registered with the review's metrics and
 * the gate's reasons; one the gate refused stays {@code rejected} (its artifact kept only among the
 * newest refused, {@link RefusedArtifacts}); one it passed is served to the
 * A/B share when one is configured (an operator then promotes), and otherwise promoted through
 * {@link ModelPromotions}, the one path to champion that the operator's promote endpoint takes too.
 */
final class ChallengerSettlement {
  private final ModelRegistryRepository registry;
  private final ModelPromotions promotions;
  private final double challengerShare;
  private final RefusedArtifacts refused;

  ChallengerSettlement(ModelRegistryRepository registry, ModelPromotions promotions, double challengerShare,
                       int refusedArtifactsKept) {
    this.registry = registry;
    this.promotions = promotions;
    this.challengerShare = challengerShare;
    this.refused = new RefusedArtifacts(refusedArtifactsKept, registry::dropRefusedArtifact);
  }

  /** Registers the model and acts on the gate's decision; the status it ended with. */
  ModelStatus settle(ModelArtifact trained, ChallengerReview.Review review) {
    String reasons = String.join("; ", review.decision().reasons());
    if (!review.decision().promote()) {
      registry.register(trained, ModelStatus.REJECTED, review.asMetrics(), reasons);
      refused.refused(trained.version());
      return ModelStatus.REJECTED;
    }
    registry.register(trained, ModelStatus.CHALLENGER, review.asMetrics(), reasons);
    if (challengerShare > 0) {
      promotions.challengerChanged(trained.version());
      return ModelStatus.CHALLENGER;
    }
    promotions.promote(trained.version(), "passed the gate: " + reasons);
    return ModelStatus.CHAMPION;
  }
}
