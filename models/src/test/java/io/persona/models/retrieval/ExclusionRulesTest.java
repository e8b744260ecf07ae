package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.events.EventTypes;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExclusionRulesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static UserProfile profile(HistoryEntry... history) {
    return new UserProfile("u", List.of(history), Map.of(), Map.of(), Map.of(), T0, history.length);
  }

  @Test
  void itemsWithAnExcludingEventAreExcluded() {
    UserProfile profile = profile(
        new HistoryEntry("bought", EventTypes.PURCHASE, "c", T0),
        new HistoryEntry("viewed", EventTypes.VIEW, "c", T0),
        new HistoryEntry("carted", EventTypes.ADD_TO_CART, "c", T0),
        new HistoryEntry("bought", EventTypes.VIEW, "c", T0.minusSeconds(5)));

    assertEquals(Set.of("bought"), new ExclusionRules(Set.of(EventTypes.PURCHASE)).excludedItems(profile));
    assertEquals(Set.of("bought", "carted"),
        new ExclusionRules(Set.of(EventTypes.PURCHASE, EventTypes.ADD_TO_CART)).excludedItems(profile));
  }

  @Test
  void noRulesExcludeNothing() {
    UserProfile profile = profile(new HistoryEntry("bought", EventTypes.PURCHASE, "c", T0));

    assertEquals(Set.of(), new ExclusionRules(Set.of()).excludedItems(profile));
    assertEquals(Set.of(), new ExclusionRules(Set.of(EventTypes.PURCHASE)).excludedItems(UserProfile.empty("u")));
  }
}
