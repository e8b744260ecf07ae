package io.persona.gateway.http;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Timer;

/**
 * Push latency of the live sockets: from this node hearing that a user acted (the activity topic,
 * after the event was persisted) to the user's recomputed list being handed to the socket. It
 * leaves out the event's own ingest (persona_events_ingest_latency) and the socket's write.
 */
final class LiveTelemetry {
  private static final Timer PUSH = Kamon.timer("persona.live.push-latency",
      "From this node hearing that a user acted to the recomputed list handed to the user's live socket")
      .withoutTags();

  private LiveTelemetry() {}

  static void pushed(long triggeredNanos) {
    long elapsed = System.nanoTime() - triggeredNanos;
    Quietly.run(() -> PUSH.record(elapsed));
  }
}
