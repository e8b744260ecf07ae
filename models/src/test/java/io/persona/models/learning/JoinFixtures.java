package io.persona.models.learning;

import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small builders for slates and outcomes, so each join test states only what it is about. */
final class JoinFixtures {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final String FINGERPRINT = "fp-test";

  private JoinFixtures() {}

  static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  /** A slate showing {@code itemIds} at positions 0, 1, ...; features encode (position, item) so tests can check them. */
  static ServedSlate slate(String requestId, String userId, Instant servedAt, String... itemIds) {
    List<ServedItem> items = new ArrayList<>();
    for (int p = 0; p < itemIds.length; p++) {
      items.add(new ServedItem(itemIds[p], p, "ann", 0.1 * (p + 1), 0.05 * (p + 1), 1.0 / (p + 2),
          new float[] {p, itemIds[p].hashCode()}, new long[] {p + 100L}));
    }
    return new ServedSlate(requestId, userId, servedAt, "v1", "dcn-v2", "champion", FINGERPRINT, items);
  }

  static Outcome click(String eventId, String userId, String itemId, String requestId, Instant recordedAt) {
    return new Outcome(eventId, userId, itemId, "click", requestId, recordedAt, recordedAt);
  }
}
