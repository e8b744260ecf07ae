package io.persona.tests.serving;

import io.persona.tests.support.HttpJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A small catalog of its own per test class (ids carry a run prefix, so tests sharing the
 * keyspace never see each other's items as theirs), written through the HTTP API.
 */
public final class ServingCatalog {
  private final String run;
  private final int categories;
  private final int perCategory;

  private ServingCatalog(String run, int categories, int perCategory) {
    this.run = run;
    this.categories = categories;
    this.perCategory = perCategory;
  }

  public static ServingCatalog create(HttpJson http, int categories, int perCategory) {
    ServingCatalog catalog = new ServingCatalog(UUID.randomUUID().toString().substring(0, 8), categories,
        perCategory);
    List<String> items = new ArrayList<>();
    for (int c = 0; c < categories; c++) {
      for (int i = 0; i < perCategory; i++) {
        items.add("{\"itemId\":\"" + catalog.item(c, i) + "\",\"title\":\"Item " + i + " of " + c
            + "\",\"category\":\"" + catalog.category(c) + "\",\"tags\":[\"t" + (i % 3) + "\"]}");
      }
    }
    HttpJson.Reply reply = http.postJson("/v1/items", "[" + String.join(",", items) + "]");
    assertEquals(200, reply.status(), reply.raw().body());
    return catalog;
  }

  String category(int c) {
    return "cat-" + run + "-" + c;
  }

  public String item(int c, int i) {
    return "item-" + run + "-" + c + "-" + i;
  }

  List<String> itemsOf(int c) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < perCategory; i++) {
      ids.add(item(c, i));
    }
    return ids;
  }

  public static String event(String user, String type, String itemId, Instant at) {
    return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user + "\",\"type\":\"" + type
        + "\",\"itemId\":\"" + itemId + "\",\"timestamp\":\"" + at + "\"}";
  }
}
