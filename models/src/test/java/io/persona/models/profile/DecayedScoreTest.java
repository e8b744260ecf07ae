package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecayedScoreTest {
  private static final long H = 3_600_000L; // one half-life: one hour in millis
  private static final double EPS = 1e-9;

  @Test
  void valueIsUnchangedAtItsAnchor() {
    assertEquals(8.0, new DecayedScore(8.0, 5 * H).valueAt(5 * H, H), EPS);
  }

  @Test
  void valueHalvesAfterOneHalfLife() {
    assertEquals(4.0, new DecayedScore(8.0, 0).valueAt(H, H), EPS);
  }

  @Test
  void valueQuartersAfterTwoHalfLives() {
    assertEquals(2.0, new DecayedScore(8.0, 0).valueAt(2 * H, H), EPS);
  }

  @Test
  void plusInOrderDecaysOldValueToEventTimeAndMovesAnchorForward() {
    // 8 decayed over one half-life = 4, plus 1 = 5, anchored at the event
    DecayedScore next = new DecayedScore(8.0, 0).plus(1.0, H, H);

    assertEquals(5.0, next.value(), EPS);
    assertEquals(H, next.atMillis());
  }

  @Test
  void plusAtTheAnchorTimeSimplyAdds() {
    DecayedScore next = new DecayedScore(8.0, H).plus(2.0, H, H);

    assertEquals(10.0, next.value(), EPS);
    assertEquals(H, next.atMillis());
  }

  @Test
  void plusOutOfOrderDecaysTheLateAmountToTheAnchorAndKeepsTheAnchor() {
    // late event one half-life before the anchor: 4 counts as 2 at the anchor
    DecayedScore next = new DecayedScore(8.0, 2 * H).plus(4.0, H, H);

    assertEquals(10.0, next.value(), EPS);
    assertEquals(2 * H, next.atMillis());
  }

  @Test
  void inOrderAndOutOfOrderArrivalGiveTheSameValueLater() {
    DecayedScore inOrder = new DecayedScore(4.0, H).plus(8.0, 3 * H, H);
    DecayedScore outOfOrder = new DecayedScore(8.0, 3 * H).plus(4.0, H, H);

    // at 3H: 4 * 0.25 + 8 = 9 either way
    assertEquals(9.0, inOrder.valueAt(3 * H, H), EPS);
    assertEquals(9.0, outOfOrder.valueAt(3 * H, H), EPS);
    assertEquals(inOrder.valueAt(5 * H, H), outOfOrder.valueAt(5 * H, H), EPS);
  }
}
