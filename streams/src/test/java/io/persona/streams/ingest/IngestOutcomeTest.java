package io.persona.streams.ingest;

import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A failed event is unavailable (resend it) only when its failure passes by itself; a bug is a fault. */
class IngestOutcomeTest {

  @Test
  void aTimeoutOrAStoppedStreamLeavesTheEventUnavailable() {
    assertInstanceOf(IngestOutcome.Unavailable.class,
        IngestOutcome.failed("e1", new CompletionException(new AskTimeoutException("late")), "late"));
    assertInstanceOf(IngestOutcome.Unavailable.class,
        IngestOutcome.failed("e2", new CompletionException(new AbruptStageTerminationException(null)), "stopped"));
    assertInstanceOf(IngestOutcome.Unavailable.class, IngestOutcome.failed("e3",
        new WriteTimeoutException(null, com.datastax.oss.driver.api.core.DefaultConsistencyLevel.LOCAL_QUORUM,
            0, 2, com.datastax.oss.driver.api.core.servererrors.WriteType.SIMPLE), "slow"));
  }

  @Test
  void aBugIsAFaultThatCarriesItsFailure() {
    NullPointerException bug = new NullPointerException("a bug");
    IngestOutcome outcome = IngestOutcome.failed("e4", new CompletionException(bug), "a bug");
    IngestOutcome.Faulted faulted = assertInstanceOf(IngestOutcome.Faulted.class, outcome);
    assertSame(bug, faulted.failure().getCause());
  }
}
