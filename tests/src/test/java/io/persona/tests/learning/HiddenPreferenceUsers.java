package io.persona.tests.learning;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.tests.support.HttpJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users with a hidden taste acting on what Persona serves, through the public HTTP API: each user
 * likes one category (clicks its items often) and a tag (a cross with the category: more often
 * still), and clicks anything else rarely. Clicks carry the slate's requestId, as a client would.
 * The node is told nothing of the taste: it must learn it from the clicks.
 */
final class HiddenPreferenceUsers {
  static final int CATEGORIES = 12;
  static final int ITEMS = 360;

  private final HttpJson http;
  private final int users;
  private final Random random;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  final AtomicLong slates = new AtomicLong();
  final AtomicLong impressions = new AtomicLong();
  final AtomicLong clicks = new AtomicLong();

  HiddenPreferenceUsers(HttpJson http, int users, long seed) {
    this.http = http;
    this.users = users;
    this.random = new Random(seed);
  }

  /** The catalog: items with a category and tags, no embeddings. */
  void seedCatalog() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add("""
          {"itemId":"%s","title":"Item %d","category":"%s","tags":["%s"]}"""
          .formatted(item(i), i, category(i % CATEGORIES), tag(i)));
    }
    HttpJson.Reply reply = http.postJson("/v1/items", "[" + String.join(",", items) + "]");
    if (reply.status() != 200) {
      throw new AssertionError("seeding the catalog failed: " + reply.status() + " " + reply.raw().body());
    }
  }

  /** Every user asks for a list once and clicks what he likes; returns the clicks. */
  int round() {
    int clicked = 0;
    for (int u = 0; u < users; u++) {
      clicked += visit(u);
    }
    return clicked;
  }

  private int visit(int user) {
    String userId = "u-" + runId + "-" + user;
    // seen=by-type: these users click an item again as gladly as the first time, so clicked items
    // may come back, as they could before the node's default became seen=exclude
    HttpJson.Reply reply = http.get("/v1/users/" + userId + "/recommendations?k=10&seen=by-type");
    if (reply.status() != 200) {
      throw new AssertionError("recommendations failed: " + reply.status() + " " + reply.raw().body());
    }
    JsonNode list = reply.json();
    String requestId = list.get("requestId").asText();
    slates.incrementAndGet();
    List<String> events = new ArrayList<>();
    for (JsonNode item : list.get("items")) {
      impressions.incrementAndGet();
      if (random.nextDouble() < clickProbability(user, item.get("itemId").asText(), item.get("position").asInt())) {
        events.add("""
            {"eventId":"%s","userId":"%s","type":"click","itemId":"%s","timestamp":"%s","requestId":"%s"}"""
            .formatted(UUID.randomUUID(), userId, item.get("itemId").asText(), Instant.now(), requestId));
      }
    }
    if (!events.isEmpty()) {
      HttpJson.Reply posted = http.postJson("/v1/events", "[" + String.join(",", events) + "]");
      if (posted.status() != 200) {
        throw new AssertionError("posting clicks failed: " + posted.status() + " " + posted.raw().body());
      }
      clicks.addAndGet(events.size());
    }
    return events.size();
  }

  /** The hidden truth: the user's category, more so with his tag, a little position bias. */
  static double clickProbability(int user, String itemId, int position) {
    int index = Integer.parseInt(itemId.substring(itemId.lastIndexOf('-') + 1));
    boolean likedCategory = index % CATEGORIES == user % CATEGORIES;
    boolean likedTag = tag(index).equals(tag(user));
    double p = likedCategory ? (likedTag ? 0.7 : 0.4) : (likedTag ? 0.06 : 0.02);
    return p / (1 + 0.05 * position);
  }

  String item(int i) {
    return "it-" + runId + "-" + i;
  }

  private static String category(int c) {
    return "cat-" + c;
  }

  private static String tag(int i) {
    return "tag-" + (i / CATEGORIES) % 3;
  }

  double ctr() {
    return impressions.get() == 0 ? 0 : clicks.get() / (double) impressions.get();
  }
}
