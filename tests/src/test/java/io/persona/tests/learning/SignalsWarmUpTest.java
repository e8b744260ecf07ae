package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.actors.activity.ItemSignals;
import io.persona.actors.activity.SignalsWarmUp;
import io.persona.models.history.HistoryEvent;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.Trending;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.learning.InteractionRetention;
import io.persona.tests.support.SharedCassandra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trending and co-visitation live in memory; a starting node refills them from the interaction log
 * on the real Cassandra node, as if it had seen the logged events live.
 */
@ExtendWith(SharedCassandra.class)
class SignalsWarmUpTest {

  @Test
  void aStartingNodeKnowsWhatWasTrendingAndWhatWasVisitedTogether() throws Exception {
    try (CqlSession session = SharedCassandra.migratedSession()) {
      InteractionLogRepository log =
          new InteractionLogRepository(session, SharedCassandra.settings().keyspace(),
              new InteractionRetention(Duration.ofDays(90), Duration.ZERO));
      String run = UUID.randomUUID().toString().substring(0, 8);
      String tent = "tent-" + run;
      String bag = "bag-" + run;
      String old = "old-" + run;
      Instant now = Instant.now();
      log.writeAll(List.of(
          new HistoryEvent("a1-" + run, "ann-" + run, tent, "view", null, now.minusSeconds(600)),
          new HistoryEvent("a2-" + run, "ann-" + run, bag, "purchase", null, now.minusSeconds(540)),
          new HistoryEvent("b1-" + run, "bob-" + run, tent, "view", null, now.minusSeconds(300)),
          new HistoryEvent("b2-" + run, "bob-" + run, bag, "view", null, now.minusSeconds(280)),
          // outside the warm-up window: not counted
          new HistoryEvent("c1-" + run, "cy-" + run, old, "purchase", null, now.minus(Duration.ofDays(3)))),
          now).toCompletableFuture().get(10, TimeUnit.SECONDS);

      ItemSignals signals = new ItemSignals(new Trending(Duration.ofHours(6), 100_000),
          new CoVisitation(Duration.ofMinutes(30), 5, 50, Duration.ofDays(3)), Duration.ZERO);
      long observed = SignalsWarmUp.run(signals, log, Duration.ofDays(1), ProfileSettings.defaults(), now);

      assertTrue(observed >= 4, "observed " + observed);
      List<ScoredItem> withTent = signals.coVisitation().neighbours(List.of(tent), 5, id -> true);
      assertEquals(bag, withTent.get(0).itemId(), withTent.toString());
      assertTrue(signals.trending().score(bag, now) > signals.trending().score(tent, now),
          "a purchase and a view of the bag outweigh two views of the tent");
      assertEquals(0, signals.trending().score(old, now), 0.0, "older than the window");
    }
  }
}
