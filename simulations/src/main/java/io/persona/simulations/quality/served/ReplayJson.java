package io.persona.simulations.quality.served;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.quality.HistoryEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The request bodies of a replay: items and events as the public API takes them. */
final class ReplayJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** The node refuses longer titles (ItemRules); a long product name is cut, not dropped. */
  private static final int MAX_TITLE = 512;

  private ReplayJson() {}

  static ObjectNode item(String itemId, ItemAttributes attributes) {
    ObjectNode item = MAPPER.createObjectNode().put("itemId", itemId).put("category", attributes.category(itemId));
    String title = attributes.title(itemId);
    if (title != null) {
      item.put("title", title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title);
    }
    return item;
  }

  /**
   * Dataset event {@code number} with its timestamp shifted; the event id is derived from the
   * number ({@link #eventId}), so a resent request is recognised as the same events.
   */
  static ObjectNode event(int number, HistoryEvent event, TimeShift shift, boolean uuidIds) {
    return MAPPER.createObjectNode()
        .put("eventId", eventId(number, uuidIds))
        .put("userId", event.userId())
        .put("type", event.type())
        .put("itemId", event.itemId())
        .put("timestamp", shift.apply(event.timestamp().toEpochMilli()).toString())
        .put("value", event.value());
  }

  /**
   * "replay-N", or a name-based UUID of it: ids that do not sort in the order the events were sent,
   * as a producer's random ids do not (what the node must not depend on for events of one moment).
   */
  static String eventId(int number, boolean uuid) {
    String sequential = "replay-" + number;
    return uuid ? UUID.nameUUIDFromBytes(sequential.getBytes(StandardCharsets.UTF_8)).toString() : sequential;
  }

  /** One object per line. */
  static String ndjson(List<ObjectNode> objects) {
    StringBuilder body = new StringBuilder();
    for (ObjectNode object : objects) {
      body.append(object.toString()).append('\n');
    }
    return body.toString();
  }

  static String array(List<ObjectNode> objects) {
    ArrayNode array = MAPPER.createArrayNode();
    objects.forEach(array::add);
    return array.toString();
  }
}
