package io.persona.actors.model;

import io.persona.actors.serialization.KryoSerializable;

/**
 * Told to every node when the model registry changed what a node should serve. The registry in
 * Cassandra is written first, so the message only says "look again": a node that missed it (or
 * started later) finds the same state when it polls the registry.
 */
public sealed interface ModelPublished extends KryoSerializable {
  String TOPIC = "persona-models";

  String version();

  /** {@code version} is the champion now: every node serves it to the champion's traffic. */
  record Promoted(String version) implements ModelPublished {}

  /** {@code version} is the newest challenger: nodes serve it to the A/B challenger share. */
  record ChallengerChanged(String version) implements ModelPublished {}
}
