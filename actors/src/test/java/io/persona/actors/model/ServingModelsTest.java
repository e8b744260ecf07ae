package io.persona.actors.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.actors.model.ModelHolderTest.TrackingRanker;
import org.junit.jupiter.api.Test;

/** The A/B split: stable per user, close to the configured share, and only while a challenger is installed. */
class ServingModelsTest {

  @Test
  void withoutAChallengerEveryoneGetsTheChampion() {
    try (ServingModels models = new ServingModels(new TrackingRanker("champ"), "champion", 0.5)) {
      for (int u = 0; u < 100; u++) {
        try (ServingModels.Assigned assigned = models.assign("user-" + u)) {
          assertEquals("champion", assigned.variant());
          assertEquals("champ", assigned.lease().ranker().metadata().version());
        }
      }
    }
  }

  @Test
  void theChallengerGetsItsShareOfUsersAndEachUserKeepsHisVariant() {
    try (ServingModels models = new ServingModels(new TrackingRanker("champ"), "champion", 0.3)) {
      models.installChallenger(new TrackingRanker("chall"));
      int challenged = 0;
      int users = 20_000;
      for (int u = 0; u < users; u++) {
        String user = "user-" + u;
        String first;
        try (ServingModels.Assigned assigned = models.assign(user)) {
          first = assigned.variant();
          assertEquals(first.equals(ServingModels.CHALLENGER) ? "chall" : "champ",
              assigned.lease().ranker().metadata().version());
        }
        try (ServingModels.Assigned again = models.assign(user)) {
          assertEquals(first, again.variant(), "a user's variant must not flip between requests");
        }
        if (first.equals(ServingModels.CHALLENGER)) {
          challenged++;
        }
      }
      double share = challenged / (double) users;
      assertTrue(Math.abs(share - 0.3) < 0.02, "challenger share " + share);
    }
  }

  @Test
  void removingTheChallengerSendsItsUsersBackAndClosesIt() {
    TrackingRanker challenger = new TrackingRanker("chall");
    try (ServingModels models = new ServingModels(new TrackingRanker("champ"), "champion", 0.99)) {
      models.installChallenger(challenger);
      assertTrue(models.challengerMetadata().isPresent());
      models.removeChallenger();
      assertTrue(challenger.closed.get());
      assertFalse(models.challengerMetadata().isPresent());
      try (ServingModels.Assigned assigned = models.assign("anyone")) {
        assertEquals("champion", assigned.variant());
      }
    }
  }

  @Test
  void withAZeroShareAChallengerIsNotServedAndIsClosed() {
    TrackingRanker challenger = new TrackingRanker("chall");
    try (ServingModels models = new ServingModels(new TrackingRanker("champ"), "champion", 0)) {
      models.installChallenger(challenger);
      assertTrue(challenger.closed.get());
      assertFalse(models.challengerMetadata().isPresent());
    }
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ServingModels(new TrackingRanker("c"), "champion", 1.0));
    assertThrows(IllegalArgumentException.class, () -> new ServingModels(new TrackingRanker("c"), "champion", -0.1));
  }
}
