package io.persona.actors.recommend;

import io.persona.models.catalog.Item;

import java.util.List;

/**
 * What happens once a list was served to a user (never for a preview): the node counts the
 * items' impressions and, for a list the node chose (not the caller's own items ranked), tells the
 * user's entity what it was shown.
 */
@FunctionalInterface
public interface ListShown {
  /**
   * @param retrieved whether the node chose the items (retrieval), not the caller: a search or a
   *                  category page the user went to says nothing about what they were offered
   */
  void shown(String userId, String requestId, List<Item> items, boolean retrieved);
}
