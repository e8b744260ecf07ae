package io.persona.actors.node;

import java.util.Set;

/** The cluster roles a Persona node may have (persona.cluster.roles). */
public final class NodeRoles {
  private NodeRoles() {}

  /** Serves the public HTTP API (events, items, users, recommendations, live, models). */
  public static final String GATEWAY = "gateway";
  /** Hosts sharded user entities (pekko.cluster.sharding.role). */
  public static final String ENTITY = "entity";
  /** May run the retraining loop, a cluster singleton. */
  public static final String TRAINER = "trainer";

  public static final Set<String> KNOWN = Set.of(GATEWAY, ENTITY, TRAINER);
}
