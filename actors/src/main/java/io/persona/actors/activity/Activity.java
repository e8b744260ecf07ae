package io.persona.actors.activity;

import io.persona.actors.serialization.KryoSerializable;
import io.persona.models.profile.HistoryEntry;

import java.time.Instant;
import java.util.List;

/**
 * What every node hears about users' actions, over the cluster-wide activity topic. Node-local
 * retrieval signals (trending, co-visitation, item statistics) and live WebSocket pushes are
 * driven by it, whichever node the user's entity lives on.
 */
public sealed interface Activity extends KryoSerializable permits Activity.UserActed, Activity.ItemsShown {

  String TOPIC = "persona-activity";

  /**
   * A user's event was persisted.
   *
   * @param category       the item's category when recorded, null if unknown
   * @param requestId      the recommendation the event answers, null if none
   * @param previousNewestFirst the user's history before this event (a bounded prefix), for co-visitation
   */
  record UserActed(String userId, String type, String itemId, String category, Instant timestamp, String requestId,
                   List<HistoryEntry> previousNewestFirst) implements Activity {
    public UserActed {
      previousNewestFirst = List.copyOf(previousNewestFirst);
    }
  }

  /** Items were shown in a served slate (impressions, for click-through rates). */
  record ItemsShown(List<String> itemIds) implements Activity {
    public ItemsShown {
      itemIds = List.copyOf(itemIds);
    }
  }
}
