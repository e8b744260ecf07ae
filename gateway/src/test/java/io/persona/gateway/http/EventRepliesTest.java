package io.persona.gateway.http;

import io.persona.actors.user.UserEntity;
import io.persona.streams.ingest.IngestOutcome;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a batch of ingest outcomes is answered: an unconfirmed event asks for the batch again (503 +
 * Retry-After), even when another event met a fault of the server; a fault alone is a 500 without
 * a retry hint.
 */
class EventRepliesTest {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  @Test
  void anUnconfirmedEventAsksForTheBatchAgain() {
    HttpResponse reply = EventRoutes.reply(List.of(accepted("e1"),
        new IngestOutcome.Unavailable("e2", "the journal did not confirm in time")), RETRY_AFTER);
    assertEquals(503, reply.status().intValue());
    assertEquals("2", reply.getHeader("Retry-After").orElseThrow().value());
  }

  @Test
  void aFaultOfTheServerIsA500WithoutARetryHint() {
    HttpResponse reply = EventRoutes.reply(List.of(accepted("e1"),
        new IngestOutcome.Faulted("e2", new IllegalStateException("a bug"))), RETRY_AFTER);
    assertEquals(500, reply.status().intValue());
    assertFalse(reply.getHeader("Retry-After").isPresent());
  }

  @Test
  void aBatchWithUnconfirmedEventsIsWorthResendingEvenIfAnotherMetAFault() {
    HttpResponse reply = EventRoutes.reply(List.of(new IngestOutcome.Unavailable("e1", "late"),
        new IngestOutcome.Faulted("e2", new IllegalStateException("a bug"))), RETRY_AFTER);
    assertEquals(503, reply.status().intValue(), "the unconfirmed event must not be dropped with the faulted one");
    assertTrue(reply.getHeader("Retry-After").isPresent());
  }

  @Test
  void answeredEventsAre200() {
    HttpResponse reply = EventRoutes.reply(List.of(accepted("e1")), RETRY_AFTER);
    assertEquals(200, reply.status().intValue());
    assertTrue(reply.getHeader("Retry-After").isEmpty());
  }

  private static IngestOutcome accepted(String eventId) {
    return new IngestOutcome.Answered(new UserEntity.Accepted(eventId));
  }
}
