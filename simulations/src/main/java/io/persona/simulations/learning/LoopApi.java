package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.persona.simulations.PersonaHttp;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The two calls a simulated user makes: ask for a list, and say what it did with it. */
final class LoopApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PersonaHttp http;

  LoopApi(PersonaHttp http) {
    this.http = http;
  }

  Slate recommend(WorldUser user, int k) throws IOException, InterruptedException {
    // by type: a simulated user clicks an item again as gladly as the first time, so clicked items
    // may come back (the node's own default leaves out every item the user had an event with)
    String path = "/v1/users/" + user.userId() + "/recommendations?k=" + k + "&seen=by-type&device="
        + URLEncoder.encode(user.device(), StandardCharsets.UTF_8);
    HttpResponse<String> response = http.get(path, TIMEOUT);
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return Slate.from(MAPPER.readTree(response.body()));
  }

  /** Posts the events of one slate; answers how many the node rejected (resent on 503 by PersonaHttp). */
  long post(ArrayNode events) throws IOException, InterruptedException {
    JsonNode reply = http.post("/v1/events", events.toString(), TIMEOUT);
    return reply.path("rejected").asLong();
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
