package io.persona.actors.recommend;

import io.persona.models.features.RequestContext;

import java.util.List;
import java.util.Objects;

/**
 * One ask for a user's list: how many items, in which context, whether seen items may come back,
 * what orders the candidates, which items the caller wants left out; {@code requestId} names the
 * slate. {@code candidates}, when not null, are the caller's own items to rank (a search or category
 * page) in place of retrieval. {@code explain} asks for each item's {@link ItemExplanation}.
 */
public record RecommendationRequest(String requestId, String userId, int k, RequestContext context, SeenItems seen,
                                    ListOrder order, ItemFilter filter, List<String> candidates, boolean explain,
                                    boolean preview) {

  /** A list to be shown to the user: logged as served, its impressions counted. */
  public RecommendationRequest(String requestId, String userId, int k, RequestContext context, SeenItems seen,
                               ListOrder order, ItemFilter filter, List<String> candidates, boolean explain) {
    this(requestId, userId, k, context, seen, order, filter, candidates, explain, false);
  }

  public RecommendationRequest(String requestId, String userId, int k, RequestContext context, SeenItems seen,
                               ListOrder order, ItemFilter filter, List<String> candidates) {
    this(requestId, userId, k, context, seen, order, filter, candidates, false);
  }

  public RecommendationRequest(String requestId, String userId, int k, RequestContext context, SeenItems seen,
                               ListOrder order, ItemFilter filter) {
    this(requestId, userId, k, context, seen, order, filter, null);
  }

  public RecommendationRequest(String requestId, String userId, int k, RequestContext context, SeenItems seen,
                               ListOrder order) {
    this(requestId, userId, k, context, seen, order, ItemFilter.NONE);
  }

  public RecommendationRequest(String requestId, String userId, int k, RequestContext context) {
    this(requestId, userId, k, context, SeenItems.DEFAULT);
  }

  public RecommendationRequest(String requestId, String userId, int k, RequestContext context, SeenItems seen) {
    this(requestId, userId, k, context, seen, ListOrder.RANKED);
  }

  public RecommendationRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(filter, "filter");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
    candidates = candidates == null ? null : List.copyOf(candidates);
  }
}
