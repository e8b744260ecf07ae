package io.persona.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.models.catalog.Item;
import io.persona.models.catalog.ItemRules;
import io.persona.models.validation.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON objects to catalog {@link Item}s and back. */
public final class ItemJson {
  private ItemJson() {}

  public static Parsed<Item> read(List<JsonNode> objects, Instant now) {
    List<Item> items = new ArrayList<>(objects.size());
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      String at = "[" + i + "]";
      JsonFields fields = new JsonFields(objects.get(i));
      String itemId = fields.requiredText("itemId");
      String title = fields.optionalText("title");
      String category = fields.requiredText("category");
      List<String> tags = fields.textList("tags");
      Map<String, String> attributes = fields.textMap("attributes");
      boolean available = fields.optionalBoolean("available", true);
      Instant created = fields.instant("created", false);
      if (!fields.errors().isEmpty()) {
        fields.errors().forEach(e -> errors.add(e.under(at)));
        continue;
      }
      Item item = new Item(itemId, title, category, tags, attributes, available, created == null ? now : created);
      List<FieldError> broken = ItemRules.check(item, now);
      if (broken.isEmpty()) {
        items.add(item);
      } else {
        broken.forEach(e -> errors.add(e.under(at)));
      }
    }
    return new Parsed<>(items, errors);
  }

  public static Map<String, Object> write(Item item) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("itemId", item.itemId());
    json.put("title", item.title());
    json.put("category", item.category());
    json.put("tags", item.tags());
    json.put("attributes", item.attributes());
    json.put("available", item.available());
    json.put("created", item.created().toString());
    return json;
  }
}
