package io.persona.tests.support;

import java.util.ArrayList;
import java.util.List;

/** The items the load's events refer to, written through the HTTP API before the load starts. */
public final class LoadCatalog {
  private LoadCatalog() {}

  /** Writes {@code count} items in a few categories and returns their ids. */
  public static List<String> create(HttpJson http, String run, int count) {
    List<String> ids = new ArrayList<>();
    List<String> json = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = run + "-item" + i;
      ids.add(id);
      json.add("{\"itemId\":\"" + id + "\",\"title\":\"Item " + i + "\",\"category\":\"" + run + "-cat" + (i % 5)
          + "\"}");
    }
    HttpJson.Reply reply = http.postJson("/v1/items", "[" + String.join(",", json) + "]");
    if (reply.status() != 200) {
      throw new AssertionError("POST /v1/items answered " + reply.status() + ": " + reply.raw().body());
    }
    return ids;
  }
}
