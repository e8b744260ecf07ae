package io.persona.actors.recommend;

import io.persona.models.features.RetrievalSignals;
import io.persona.models.ranking.FeatureAttribution;
import java.util.List;

/**
 * Why an item is in a user's list, computed only when the request asks ({@code explain=true}): what
 * each retrieval source scores it (each scaled by its own best for this user, as the blend and the
 * ranker read them), and which of the user's own recent items it goes with ("because you bought X"):
 * the seeds of co-occurrence it is a neighbour of, strongest first; and which features moved its
 * place in the list most.
 *
 * @param sources   each source's score of the item, scaled by that source's best for the user (every
 *                  source scores every candidate, whichever proposed it; 0: nothing from that source;
 *                  ALS may be negative)
 * @param becauseOf the user's recent items the item is bought or used with, strongest first, at most
 *                  {@link ItemExplanations#MAX_BECAUSE}
 * @param orderedBy what placed the item: {@link #RANKER} (the served model) or {@link #BLEND} (the
 *                  history sources with the shares measured on the history; also the items below the
 *                  few a ranker from history orders)
 * @param features  the features that moved the item's ordering score most, largest in size first, at
 *                  most {@link ItemExplanations#MAX_FEATURES}: for the ranker, what leaving each one
 *                  out changes ({@link FeatureAttribution}); for the blend, each source's share times
 *                  its scaled score (these add up to the blend's score)
 */
public record ItemExplanation(RetrievalSignals sources, List<Because> becauseOf, String orderedBy,
                              List<FeatureAttribution.Effect> features) {
  public static final String RANKER = "ranker";
  public static final String BLEND = "blend";

  public ItemExplanation {
    becauseOf = List.copyOf(becauseOf);
    features = List.copyOf(features);
  }

  /**
   * @param itemId     one of the user's recent items
   * @param similarity how strongly the listed item goes with it in everyone's history (co-occurrence's
   *                   similarity, the same number that proposed it)
   */
  public record Because(String itemId, double similarity) {}
}
