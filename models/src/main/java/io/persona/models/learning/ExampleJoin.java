package io.persona.models.learning;

import io.persona.models.hashing.StableHash;
import io.persona.models.slate.ServedItem;
import io.persona.models.rules.RuleLog;
import io.persona.models.slate.ServedSlate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Joins served slates with the outcomes that answered them into labelled training examples, one
 * owned time interval at a time. Pure and deterministic: the same input gives the same examples,
 * on any node and on a re-run, which is what lets a crashed join simply run its interval again.
 *
 * <p>The rules:
 * <ul>
 *   <li>Only outcomes of a positive type count. Copies of one event (same eventId, resent by a
 *       producer) are recognised when a copy is recorded less than a window after the previous
 *       copy; the first copy is the outcome, the others are counted as duplicates. (A copy resent
 *       later than that cannot be told from a new event by a join that looks back only a window,
 *       so it counts as a new outcome in every partitioning alike.)
 *   <li>An outcome naming a requestId answers only that slate, and only if the slate shows its
 *       item to its user. Recorded within [servedAt, servedAt + window) it labels the impression 1
 *       (counted out of order when its eventTime is before servedAt: the producer's clock disagrees,
 *       the node's clock decides). Recorded in [servedAt + window, servedAt + 2·window) it is late
 *       and labels nothing. Recorded before servedAt (two nodes' clocks disagree) or later still, it
 *       is unattributed.
 *   <li>An outcome without a requestId goes to the last touch: the most recent slate of its user
 *       showing its item with servedAt ≤ recordedAt &lt; servedAt + window (equal servedAt: the
 *       greatest requestId), served no later than the user's first interaction with that item in
 *       the window before the outcome: the earliest recordedAt of this outcome and the positive
 *       outcomes of that user and item recorded a window before it. A slate computed after that
 *       interaction (the live push a click triggers, the list asked for after it) already encodes
 *       it (seen before, a fresh affinity): labelling it would teach the ranker to echo what the
 *       user just did. As for a requestId, the node's clock decides, not the producer's. An
 *       outcome with no earlier slate left is unattributed.
 *   <li>An impression is labelled at most once, however many outcomes answer it.
 *   <li>Only slates served in [ownedFrom, ownedTo) become examples; a slate held out (by a hash of
 *       requestId) keeps all its impressions at weight 1, otherwise positives are kept at weight 1
 *       and negatives with probability negativeRate (by a hash of requestId and itemId) at weight
 *       1 / negativeRate.
 * </ul>
 *
 * <p>Why the caller passes the ranges {@link AttributionSettings} names rather than just the
 * owned interval: each rule looks only a bounded distance in time, so an interval's result needs
 * slates from two windows before it (an outcome at its start may be late for those) to a window
 * after it (an outcome recorded after it goes to the most recent slate, possibly a later one), and
 * outcomes from a window before it (earlier copies of an event) to a window after it (the windows
 * of its last slates). With those, every slate and every outcome is counted by exactly one
 * interval and decided the same way whichever interval looks at it, so joining consecutive
 * intervals equals joining their union. Extra data outside those ranges changes nothing.
 */
public final class ExampleJoin {
  /** Copies of an event in a fixed order, so which one is "first" never depends on input order. */
  private static final Comparator<Outcome> COPY_ORDER = Comparator.comparing(Outcome::recordedAt)
      .thenComparing(Outcome::eventTime)
      .thenComparing(Outcome::requestId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Outcome::userId)
      .thenComparing(Outcome::itemId)
      .thenComparing(Outcome::type);
  private static final Comparator<ServedSlate> SERVED_ORDER = Comparator.comparing(ServedSlate::servedAt)
      .thenComparing(ServedSlate::requestId);

  private final AttributionSettings settings;

  public ExampleJoin(AttributionSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * @param slates   served slates, at least those served in
   *                 [{@link AttributionSettings#slatesFrom}, {@link AttributionSettings#slatesUntil})
   * @param outcomes outcomes, at least those recorded in
   *                 [{@link AttributionSettings#outcomesFrom}, {@link AttributionSettings#outcomesUntil})
   */
  public JoinResult join(List<ServedSlate> slates, List<Outcome> outcomes, Instant ownedFrom, Instant ownedTo) {
    if (!ownedFrom.isBefore(ownedTo)) {
      throw new IllegalArgumentException("owned interval [" + ownedFrom + ", " + ownedTo + ") is empty");
    }
    Interval owned = new Interval(ownedFrom, ownedTo);
    SlateIndex index = new SlateIndex(slates);
    Tally tally = new Tally();
    Set<ImpressionKey> labelled = new HashSet<>();
    Interactions interactions = new Interactions(outcomes);
    for (Outcome outcome : distinctOutcomes(outcomes, owned, tally)) {
      boolean outcomeOwned = owned.contains(outcome.recordedAt());
      if (outcomeOwned) {
        tally.outcomes++;
      }
      Attribution attribution = attribute(outcome, index, interactions);
      switch (attribution.kind()) {
        case LABELS -> {
          ServedSlate slate = attribution.slate();
          labelled.add(new ImpressionKey(slate.requestId(), outcome.itemId()));
          if (owned.contains(slate.servedAt()) && outcome.eventTime().isBefore(slate.servedAt())) {
            tally.outOfOrder++;
          }
        }
        case LATE -> tally.late += outcomeOwned ? 1 : 0;
        case UNATTRIBUTED -> tally.unattributed += outcomeOwned ? 1 : 0;
      }
    }
    List<TrainingExample> examples = examples(index.owned(owned), labelled, tally);
    return new JoinResult(examples, tally.counts());
  }

  /** First copies of positive-type events; counts the owned later copies as duplicates. */
  private List<Outcome> distinctOutcomes(List<Outcome> outcomes, Interval owned, Tally tally) {
    Map<String, List<Outcome>> copies = new HashMap<>();
    for (Outcome outcome : outcomes) {
      if (settings.positiveTypes().contains(outcome.type())) {
        copies.computeIfAbsent(outcome.eventId(), id -> new ArrayList<>()).add(outcome);
      }
    }
    List<Outcome> distinct = new ArrayList<>();
    for (List<Outcome> event : copies.values()) {
      event.sort(COPY_ORDER);
      for (int k = 0; k < event.size(); k++) {
        Outcome copy = event.get(k);
        boolean duplicate = k > 0 && copy.recordedAt().isBefore(event.get(k - 1).recordedAt().plus(settings.window()));
        if (!duplicate) {
          distinct.add(copy);
        } else if (owned.contains(copy.recordedAt())) {
          tally.duplicates++;
        }
      }
    }
    return distinct;
  }

  private Attribution attribute(Outcome outcome, SlateIndex index, Interactions interactions) {
    Instant recorded = outcome.recordedAt();
    Duration window = settings.window();
    if (outcome.requestId() != null) {
      ServedSlate slate = index.byRequest(outcome.requestId());
      if (slate == null || !slate.userId().equals(outcome.userId()) || !shows(slate, outcome.itemId())
          || recorded.isBefore(slate.servedAt())) {
        return Attribution.NONE;
      }
      Instant windowEnd = slate.servedAt().plus(window);
      if (recorded.isBefore(windowEnd)) {
        return Attribution.labels(slate);
      }
      return recorded.isBefore(windowEnd.plus(window)) ? Attribution.LATE : Attribution.NONE;
    }
    Instant firstInteraction = interactions.first(outcome);
    ServedSlate lastTouch = null;
    for (ServedSlate slate : index.showing(outcome.userId(), outcome.itemId())) {
      boolean inWindow = !recorded.isBefore(slate.servedAt()) && recorded.isBefore(slate.servedAt().plus(window));
      boolean beforeTheInteraction = !slate.servedAt().isAfter(firstInteraction);
      if (inWindow && beforeTheInteraction && (lastTouch == null || SERVED_ORDER.compare(slate, lastTouch) > 0)) {
        lastTouch = slate;
      }
    }
    return lastTouch == null ? Attribution.NONE : Attribution.labels(lastTouch);
  }

  /**
   * Whether a training slate's negative impression is kept at {@code negativeRate}: a pure function
   * of the impression, so held-out rows can be drawn the same way later (the trainer's early-stopping
   * slice).
   */
  public static boolean keepsNegative(String requestId, String itemId, double negativeRate) {
    return StableHash.unit(requestId + "|" + itemId) < negativeRate;
  }

  private List<TrainingExample> examples(List<ServedSlate> owned, Set<ImpressionKey> labelled, Tally tally) {
    List<TrainingExample> examples = new ArrayList<>();
    for (ServedSlate slate : owned) {
      tally.slates++;
      boolean holdout = StableHash.unit(slate.requestId()) < settings.holdoutShare();
      List<ServedItem> items = new ArrayList<>(slate.items());
      items.sort(Comparator.comparingInt(ServedItem::position));
      // An item an operator's rule pinned to its slot was not the policy's choice: training on it
      // would teach the ranker the pin's position effect as the item's appeal, and an off-policy
      // estimate would count the rule's hand as the logged policy's. Its slot still shifted the others.
      Set<String> pinned = RuleLog.pinnedItems(slate.rules());
      for (ServedItem item : items) {
        if (pinned.contains(item.itemId())) {
          continue;
        }
        tally.impressions++;
        int label = labelled.contains(new ImpressionKey(slate.requestId(), item.itemId())) ? 1 : 0;
        double weight = 1;
        if (label == 1) {
          tally.positives++;
        } else if (holdout || keepsNegative(slate.requestId(), item.itemId(), settings.negativeRate())) {
          tally.negativesKept++;
          weight = holdout ? 1 : 1 / settings.negativeRate();
        } else {
          tally.negativesDropped++;
          continue;
        }
        examples.add(new TrainingExample(slate.requestId(), slate.userId(), item.itemId(), slate.servedAt(),
            item.position(), item.source(), label, weight, holdout, item.propensity(), item.rawScore(),
            item.calibratedScore(), slate.modelVersion(), slate.variant(), slate.featureFingerprint(),
            item.dense(), item.sparse()));
      }
    }
    return examples;
  }

  private static boolean shows(ServedSlate slate, String itemId) {
    for (ServedItem item : slate.items()) {
      if (item.itemId().equals(itemId)) {
        return true;
      }
    }
    return false;
  }

  private enum Kind { LABELS, LATE, UNATTRIBUTED }

  /** What an outcome does: label an impression of {@code slate}, or nothing (late or not). */
  private record Attribution(Kind kind, ServedSlate slate) {
    static final Attribution LATE = new Attribution(Kind.LATE, null);
    static final Attribution NONE = new Attribution(Kind.UNATTRIBUTED, null);

    static Attribution labels(ServedSlate slate) {
      return new Attribution(Kind.LABELS, slate);
    }
  }

  private record ImpressionKey(String requestId, String itemId) {}

  /** Positive outcomes by (user, item): when the user first interacted with an item before an outcome. */
  private final class Interactions {
    private final Map<UserItem, List<Outcome>> byUserItem = new HashMap<>();

    Interactions(List<Outcome> outcomes) {
      for (Outcome outcome : outcomes) {
        if (settings.positiveTypes().contains(outcome.type())) {
          byUserItem.computeIfAbsent(new UserItem(outcome.userId(), outcome.itemId()), k -> new ArrayList<>())
              .add(outcome);
        }
      }
    }

    /** The earliest recordedAt of {@code outcome}'s user's positives on its item, a window before it. */
    Instant first(Outcome outcome) {
      Instant first = outcome.recordedAt();
      Instant from = outcome.recordedAt().minus(settings.window());
      for (Outcome other : byUserItem.getOrDefault(new UserItem(outcome.userId(), outcome.itemId()), List.of())) {
        if (!other.recordedAt().isBefore(from) && other.recordedAt().isBefore(first)) {
          first = other.recordedAt();
        }
      }
      return first;
    }
  }

  private record UserItem(String userId, String itemId) {}

  private record Interval(Instant from, Instant to) {
    boolean contains(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }
  }

  /** Slates by requestId and by (user, item) shown. */
  private static final class SlateIndex {
    private final Map<String, ServedSlate> byRequest = new HashMap<>();
    private final Map<UserItem, List<ServedSlate>> byUserItem = new HashMap<>();

    SlateIndex(List<ServedSlate> slates) {
      // A slate logged twice (a retried write) is one slate: keep the earliest copy.
      for (ServedSlate slate : slates) {
        byRequest.merge(slate.requestId(), slate, (a, b) -> b.servedAt().isBefore(a.servedAt()) ? b : a);
      }
      for (ServedSlate slate : byRequest.values()) {
        for (ServedItem item : slate.items()) {
          List<ServedSlate> showing = byUserItem.computeIfAbsent(new UserItem(slate.userId(), item.itemId()),
              k -> new ArrayList<>());
          if (showing.isEmpty() || showing.get(showing.size() - 1) != slate) {
            showing.add(slate);
          }
        }
      }
    }

    ServedSlate byRequest(String requestId) {
      return byRequest.get(requestId);
    }

    List<ServedSlate> showing(String userId, String itemId) {
      return byUserItem.getOrDefault(new UserItem(userId, itemId), List.of());
    }

    List<ServedSlate> owned(Interval interval) {
      return byRequest.values().stream().filter(s -> interval.contains(s.servedAt())).sorted(SERVED_ORDER).toList();
    }
  }

  /** Mutable counters of one join call, frozen into {@link JoinCounts} at the end. */
  private static final class Tally {
    long slates;
    long impressions;
    long positives;
    long negativesKept;
    long negativesDropped;
    long outcomes;
    long duplicates;
    long late;
    long outOfOrder;
    long unattributed;

    JoinCounts counts() {
      return new JoinCounts(slates, impressions, positives, negativesKept, negativesDropped, outcomes, duplicates,
          late, outOfOrder, unattributed);
    }
  }
}
