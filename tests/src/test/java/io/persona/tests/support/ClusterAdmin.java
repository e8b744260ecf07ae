package io.persona.tests.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The operator endpoints (/v1/admin/**) of one node, called with a given key (or none). */
public final class ClusterAdmin {
  private final HttpJson http;

  /** {@code key} null: no Authorization header at all. */
  public ClusterAdmin(int httpPort, String key) {
    HttpJson plain = new HttpJson(httpPort).anonymous();
    this.http = key == null ? plain : plain.withOperatorKey(key);
  }

  public HttpJson.Reply clusterReply() {
    return http.get("/v1/admin/cluster");
  }

  /** The cluster as this node sees it; anything but 200 fails the test. */
  public ClusterView cluster() {
    HttpJson.Reply reply = clusterReply();
    if (reply.status() != 200) {
      throw new AssertionError("GET /v1/admin/cluster answered " + reply.status() + ": " + reply.raw().body());
    }
    return ClusterView.of(reply.json());
  }

  /** POST /v1/admin/nodes/{address}/leave, the address URL-encoded. */
  public HttpJson.Reply leave(String address) {
    return http.postJson("/v1/admin/nodes/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/leave", "");
  }
}
