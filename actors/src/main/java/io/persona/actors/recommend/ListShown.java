package io.persona.actors.recommend;

import io.persona.models.catalog.Item;

import java.util.List;

/**
 * What happens once a list was served to a user (never for a preview): the node counts the
 * items' impressions and tells the user's entity the categories it was shown.
 */
@FunctionalInterface
public interface ListShown {
  void shown(String userId, List<Item> items);
}
