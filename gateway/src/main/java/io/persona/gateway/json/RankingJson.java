package io.persona.gateway.json;

import io.persona.actors.recommend.Recommendation;

import java.time.Instant;
import java.util.List;

/**
 * The caller's own items ranked for a user, as the public API shows them: a served list (see
 * {@link RecommendationJson}) and what could not be ranked. The field order is the JSON order.
 *
 * @param candidates   how many of the items sent could be ranked
 * @param unknownItems items sent that the catalog does not hold (reported, not fatal)
 * @param leftOutItems items sent that the request leaves out: unavailable, seen (with
 *                     {@code seen=exclude}), or not admitted by its filters
 */
public record RankingJson(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                          String variant, int candidates, List<RecommendationJson.ItemJson> items,
                          List<String> unknownItems, List<String> leftOutItems) {

  public static RankingJson of(Recommendation served) {
    RecommendationJson list = RecommendationJson.of(served);
    return new RankingJson(list.requestId(), list.userId(), list.servedAt(), list.modelVersion(), list.modelKind(),
        list.variant(), list.candidates(), list.items(), served.unknownItems(), served.leftOutItems());
  }
}
