package io.persona.streams.kafka;

import io.persona.models.events.UserEvent;
import io.persona.streams.ingest.IngestOutcome;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where consumed events go: the node's ingest stream ({@code EventIngest::submit}). */
@FunctionalInterface
public interface IngestPath {
  /** Completes with one outcome per event, in order. */
  CompletionStage<List<IngestOutcome>> submit(List<UserEvent> events);
}
