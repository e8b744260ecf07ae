package io.persona.models.learning;

import io.persona.models.slate.ServedSlate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.persona.models.learning.JoinFixtures.at;
import static io.persona.models.learning.JoinFixtures.click;
import static io.persona.models.learning.JoinFixtures.slate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExampleJoinTest {
  private static final Duration WINDOW = Duration.ofMinutes(30);
  /** Keeps everything, holds nothing out: the labelling rules alone. */
  private static final ExampleJoin KEEP_ALL =
      new ExampleJoin(new AttributionSettings(WINDOW, Set.of("click", "purchase"), 1.0, 0.0));

  private static JoinResult joinDay(ExampleJoin join, List<ServedSlate> slates, List<Outcome> outcomes) {
    return join.join(slates, outcomes, at(0), at(24 * 60));
  }

  private static Set<String> positives(JoinResult result) {
    return result.examples().stream().filter(e -> e.label() == 1)
        .map(e -> e.requestId() + "/" + e.itemId()).collect(Collectors.toSet());
  }

  @Test
  void anOutcomeWithARequestIdLabelsThatImpressionWithinTheWindow() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a", "b", "c");
    ServedSlate r2 = slate("r2", "u1", at(20), "a", "b");
    JoinResult result = joinDay(KEEP_ALL, List.of(r1, r2), List.of(click("e1", "u1", "b", "r1", at(39))));

    assertEquals(Set.of("r1/b"), positives(result), "the named slate, not the more recent one");
    assertEquals(5, result.examples().size());
    JoinCounts c = result.counts();
    assertEquals(new JoinCounts(2, 5, 1, 4, 0, 1, 0, 0, 0, 0), c);
  }

  @Test
  void anItemARulePinnedIsNoTrainingExampleButTheOthersOfItsListAre() {
    ServedSlate plain = slate("r1", "u1", at(10), "a", "pinned:x@1", "c");
    ServedSlate ruled = new ServedSlate(plain.requestId(), plain.userId(), plain.servedAt(), plain.modelVersion(),
        plain.modelKind(), plain.variant(), plain.featureFingerprint(), plain.items(),
        List.of(io.persona.models.rules.RuleLog.pin("r-7", "pinned:x@1", 1),
            io.persona.models.rules.RuleLog.block("r-8", 3)));
    JoinResult result = joinDay(KEEP_ALL, List.of(ruled), List.of(click("e1", "u1", "pinned:x@1", "r1", at(11)),
        click("e2", "u1", "c", "r1", at(12))));

    assertEquals(List.of("a", "c"), result.examples().stream().map(TrainingExample::itemId).toList());
    assertEquals(Set.of("r1/c"), positives(result), "the pinned item's click teaches the ranker nothing");
    assertEquals(2, result.counts().impressions());
    assertEquals(3, joinDay(KEEP_ALL, List.of(plain), List.of()).examples().size(), "without the rule: all three");
  }

  @Test
  void aRequestIdOutcomeIsUnattributedWhenTheSlateDoesNotShowItsItemToItsUser() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a", "b");
    JoinResult result = joinDay(KEEP_ALL, List.of(r1), List.of(
        click("e1", "u1", "z", "r1", at(11)),           // item not in the slate
        click("e2", "u2", "a", "r1", at(11)),           // another user's click on this slate
        click("e3", "u1", "a", "no-such-slate", at(11)),
        click("e4", "u1", "a", "r1", at(9))));          // recorded before serving: clocks disagree

    assertEquals(Set.of(), positives(result));
    assertEquals(4, result.counts().outcomes());
    assertEquals(4, result.counts().unattributedOutcomes());
  }

  @Test
  void aRequestIdOutcomeAfterTheWindowIsLateAndLabelsNothing() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a", "b");
    JoinResult result = joinDay(KEEP_ALL, List.of(r1), List.of(
        click("e1", "u1", "a", "r1", at(40)),           // exactly at servedAt + window: late
        click("e2", "u1", "b", "r1", at(69)),           // still within the second window: late
        click("e3", "u1", "b", "r1", at(70))));         // past it: indistinguishable from a stray id

    assertEquals(Set.of(), positives(result));
    assertEquals(2, result.counts().lateOutcomes());
    assertEquals(1, result.counts().unattributedOutcomes());
    assertEquals(3, result.counts().outcomes());
  }

  @Test
  void anOutcomeWhoseEventTimeIsBeforeServingIsStillAttributedButCountedOutOfOrder() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a");
    Outcome early = new Outcome("e1", "u1", "a", "click", "r1", at(8), at(12));
    JoinResult result = joinDay(KEEP_ALL, List.of(r1), List.of(early));

    assertEquals(Set.of("r1/a"), positives(result));
    assertEquals(1, result.counts().outOfOrderOutcomes());
    assertEquals(0, result.counts().unattributedOutcomes());
  }

  @Test
  void anOutcomeWithoutRequestIdGoesToTheUsersMostRecentSlateShowingTheItem() {
    List<ServedSlate> slates = List.of(
        slate("r1", "u1", at(10), "a", "b"),
        slate("r2", "u1", at(20), "a"),
        slate("r3", "u1", at(25), "b"),                 // more recent but does not show a
        slate("r4", "u2", at(28), "a"),                 // more recent but another user
        slate("r5", "u1", at(31), "a"));                // served after the outcome
    JoinResult result = joinDay(KEEP_ALL, slates, List.of(click("e1", "u1", "a", null, at(30))));

    assertEquals(Set.of("r2/a"), positives(result));
    assertEquals(0, result.counts().unattributedOutcomes());
  }

  @Test
  void aSlateComputedAfterTheUsersClickIsNotTheLastTouchOfTheirLaterPurchase() {
    // r2 is the live push the click at 20 triggered: it shows a again, knowing it was just clicked
    List<ServedSlate> slates = List.of(slate("r1", "u1", at(10), "a", "b"), slate("r2", "u1", at(20).plusMillis(300), "a"));
    Outcome click = click("e1", "u1", "a", null, at(20));
    Outcome purchase = new Outcome("e2", "u1", "a", "purchase", null, at(25), at(25));
    JoinResult result = joinDay(KEEP_ALL, slates, List.of(click, purchase));

    assertEquals(Set.of("r1/a"), positives(result), "not the echo r2/a");
    assertEquals(2, result.counts().outcomes());
    assertEquals(0, result.counts().unattributedOutcomes());
  }

  @Test
  void anOutcomeWithOnlyEchoSlatesInItsWindowIsUnattributed() {
    List<ServedSlate> slates = List.of(slate("r2", "u1", at(20).plusSeconds(1), "a"));
    JoinResult result = joinDay(KEEP_ALL, slates, List.of(click("e1", "u1", "a", null, at(20)),
        new Outcome("e2", "u1", "a", "purchase", null, at(22), at(22))));

    assertEquals(Set.of(), positives(result));
    assertEquals(2, result.counts().unattributedOutcomes());
  }

  @Test
  void theNodesClockDecidesWhichSlatesCameBeforeTheInteraction() {
    // the producer's clock is 20 s slow: by its eventTime the click came before the slate it answers
    Instant recorded = at(100);
    List<ServedSlate> slates = List.of(slate("r1", "u1", at(95), "a"), slate("r2", "u1", recorded.minusSeconds(5), "a"));
    Outcome click = new Outcome("e1", "u1", "a", "click", null, recorded.minusSeconds(20), recorded);
    JoinResult result = joinDay(KEEP_ALL, slates, List.of(click));

    assertEquals(Set.of("r2/a"), positives(result));
  }

  @Test
  void lastTouchOnlyLooksAWindowBackAndBreaksTiesByRequestId() {
    List<ServedSlate> slates = List.of(slate("r1", "u1", at(10), "a"), slate("r2", "u1", at(50), "b"),
        slate("r3", "u1", at(50), "b"));
    JoinResult result = joinDay(KEEP_ALL, slates, List.of(
        click("e1", "u1", "a", null, at(40)),           // r1's window closed at 40
        click("e2", "u1", "b", null, at(55))));

    assertEquals(Set.of("r3/b"), positives(result), "equal servedAt: the greater requestId");
    assertEquals(1, result.counts().unattributedOutcomes());
    assertEquals(0, result.counts().lateOutcomes(), "only an outcome naming its slate can be late");
  }

  @Test
  void copiesOfAnEventCountOnceAndTheEarliestCopyDecides() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a", "b");
    // The copy in the window is recorded first; given last, it must still win over the late copy.
    Outcome resent = click("e1", "u1", "a", "r1", at(45));
    Outcome first = click("e1", "u1", "a", "r1", at(20));
    Outcome again = click("e1", "u1", "a", "r1", at(21));
    JoinResult result = joinDay(KEEP_ALL, List.of(r1), List.of(resent, again, first));

    assertEquals(Set.of("r1/a"), positives(result));
    JoinCounts c = result.counts();
    assertEquals(1, c.outcomes());
    assertEquals(2, c.duplicateOutcomes());
    assertEquals(0, c.lateOutcomes());
  }

  @Test
  void aCopyResentMoreThanAWindowAfterThePreviousOneIsANewOutcome() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a");
    JoinResult result = joinDay(KEEP_ALL, List.of(r1),
        List.of(click("e1", "u1", "a", "r1", at(20)), click("e1", "u1", "a", "r1", at(50))));

    assertEquals(2, result.counts().outcomes());
    assertEquals(0, result.counts().duplicateOutcomes());
    assertEquals(1, result.counts().lateOutcomes());
  }

  @Test
  void outcomesOfOtherTypesAreIgnored() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a");
    Outcome view = new Outcome("e1", "u1", "a", "view", "r1", at(11), at(11));
    JoinResult result = joinDay(KEEP_ALL, List.of(r1), List.of(view, view));

    assertEquals(Set.of(), positives(result));
    assertEquals(new JoinCounts(1, 1, 0, 1, 0, 0, 0, 0, 0, 0), result.counts());
  }

  @Test
  void anImpressionIsLabelledOnceHoweverManyOutcomesAnswerIt() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a");
    Outcome purchase = new Outcome("e2", "u1", "a", "purchase", null, at(12), at(12));
    JoinResult result = joinDay(KEEP_ALL, List.of(r1), List.of(click("e1", "u1", "a", "r1", at(11)), purchase));

    assertEquals(1, result.examples().size());
    assertEquals(1, result.counts().positives());
    assertEquals(2, result.counts().outcomes());
  }

  @Test
  void onlyOwnedSlatesBecomeExamplesAndOnlyOwnedOutcomesAreCounted() {
    ServedSlate before = slate("r0", "u1", at(50), "a");   // context: labelled by an owned outcome
    ServedSlate owned = slate("r1", "u1", at(110), "b", "c");
    ServedSlate after = slate("r2", "u1", at(125), "c");   // context: the last touch of an outcome after
    List<Outcome> outcomes = List.of(
        click("e1", "u1", "a", "r0", at(65)),             // owned outcome, labels a context slate
        click("e2", "u1", "b", "r1", at(115)),            // owned outcome, labels the owned slate
        click("e3", "u1", "b", "r0", at(121)),            // not owned: counted by the next interval
        click("e4", "u1", "c", null, at(126)));           // not owned, and its last touch is r2, not r1

    JoinResult result = KEEP_ALL.join(List.of(before, owned, after), outcomes, at(60), at(120));

    assertEquals(List.of("r1", "r1"), result.examples().stream().map(TrainingExample::requestId).toList());
    assertEquals(Set.of("r1/b"), positives(result));
    assertEquals(new JoinCounts(1, 2, 1, 1, 0, 2, 0, 0, 0, 0), result.counts());
  }

  @Test
  void examplesCarryTheLoggedFeaturesAndServingFieldsUnchanged() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a", "b");
    TrainingExample b = joinDay(KEEP_ALL, List.of(r1), List.of()).examples().get(1);

    assertEquals("b", b.itemId());
    assertEquals(1, b.position());
    assertSame(r1.items().get(1).dense(), b.dense(), "the logged vector itself, never recomputed");
    assertArrayEquals(r1.items().get(1).sparse(), b.sparse());
    assertEquals(r1.items().get(1).propensity(), b.propensity());
    assertEquals(r1.items().get(1).rawScore(), b.rawScore());
    assertEquals(r1.items().get(1).calibratedScore(), b.calibratedScore());
    assertEquals("ann", b.source());
    assertEquals("v1", b.modelVersion());
    assertEquals("champion", b.variant());
    assertEquals(JoinFixtures.FINGERPRINT, b.featureFingerprint());
    assertEquals(at(10), b.servedAt());
    assertEquals("u1", b.userId());
  }

  @Test
  void heldOutSlatesKeepEverythingAndTrainingNegativesAreDownsampledWithWeights() {
    double rate = 0.25;
    ExampleJoin join = new ExampleJoin(new AttributionSettings(WINDOW, Set.of("click"), rate, 0.3));
    List<ServedSlate> slates = new java.util.ArrayList<>();
    List<Outcome> outcomes = new java.util.ArrayList<>();
    for (int s = 0; s < 2_000; s++) {
      slates.add(slate("req-" + s, "u" + s, at(s % 1_000), "a", "b", "c", "d"));
      outcomes.add(click("e" + s, "u" + s, "a", "req-" + s, at(s % 1_000 + 1)));
    }
    JoinResult result = joinDay(join, slates, outcomes);

    Set<String> heldOut = result.examples().stream().filter(TrainingExample::holdout)
        .map(TrainingExample::requestId).collect(Collectors.toSet());
    assertEquals(0.3, heldOut.size() / 2_000.0, 0.04);
    for (TrainingExample e : result.examples()) {
      if (e.holdout() || e.label() == 1) {
        assertEquals(1.0, e.weight(), e.toString());
      } else {
        assertEquals(1 / rate, e.weight(), e.toString());
      }
    }
    assertEquals(heldOut.size() * 4L, result.examples().stream().filter(TrainingExample::holdout).count(),
        "a held-out slate keeps all its impressions");
    JoinCounts c = result.counts();
    assertEquals(2_000, c.positives());
    long trainingNegatives = (2_000L - heldOut.size()) * 3;
    assertEquals(trainingNegatives, c.negativesKept() - heldOut.size() * 3L + c.negativesDropped());
    assertEquals(rate, (c.negativesKept() - heldOut.size() * 3.0) / trainingNegatives, 0.03);
    assertEquals(c.impressions(), c.positives() + c.negativesKept() + c.negativesDropped());
    assertEquals(c.negativesKept() + c.positives(), result.examples().size());

    List<ServedSlate> reordered = new java.util.ArrayList<>(slates);
    java.util.Collections.reverse(reordered);
    assertEquals(result, joinDay(join, reordered, outcomes), "a re-run gives the same examples, whatever the input order");
  }

  @Test
  void anEmptyOwnedIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> KEEP_ALL.join(List.of(), List.of(), at(5), at(5)));
  }

  @Test
  void aSlateLoggedTwiceIsOneSlate() {
    ServedSlate r1 = slate("r1", "u1", at(10), "a");
    JoinResult result = joinDay(KEEP_ALL, List.of(r1, r1), List.of());
    assertEquals(1, result.counts().slates());
    assertEquals(1, result.examples().size());
  }
}
