package io.persona.streams.learning;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of a time-ordered log (the prediction log, the outcome log) over a window that slides
 * forward, as the example join reads them: each step needs [from, to) with both ends a little later
 * than the step before, so only the part past what the previous read covered is read from the store,
 * and the rows that fell out of the window are dropped. With a 60 s attribution window and a step
 * every 2 s the join needs 180 s of slates and 120 s of outcomes each step: it reads 2 s of each
 * instead of all of it again (issue 16, background work that scales with traffic).
 *
 * <p>A row is read once, when the step whose horizon covers it runs, which is when the join's
 * contract says the log is complete up to there (the interval's end, plus the attribution window,
 * plus the lateness). A row written later than that is not seen by later steps either (before, a
 * later step's re-read could still find it for last-touch attribution). A window that moves back, or
 * jumps past what is held (a pause longer than the window), is read whole again.
 *
 * @param <T> a row; the store returns a range's rows in (time, id) order
 */
final class SlidingLogWindow<T> {

  /** The store: the rows of {@code [from, to)} in (time, id) order. */
  @FunctionalInterface
  interface RangeRead<T> {
    List<T> read(Instant from, Instant to);
  }

  private final RangeRead<T> store;
  private final Function<T, Instant> timeOf;
  private final ArrayDeque<T> held = new ArrayDeque<>();
  private Instant heldFrom; // null: nothing held
  private Instant heldUntil;
  private long rowsRead;

  SlidingLogWindow(RangeRead<T> store, Function<T, Instant> timeOf) {
    this.store = store;
    this.timeOf = timeOf;
  }

  /** The rows of {@code [from, to)} in (time, id) order. */
  List<T> read(Instant from, Instant to) {
    if (heldFrom == null || from.isBefore(heldFrom) || to.isBefore(heldUntil) || from.isAfter(heldUntil)) {
      held.clear();
      append(store.read(from, to));
    } else {
      while (!held.isEmpty() && timeOf.apply(held.peekFirst()).isBefore(from)) {
        held.pollFirst();
      }
      if (to.isAfter(heldUntil)) {
        // every held row is before heldUntil and every new one at or after it: the order holds
        append(store.read(heldUntil, to));
      }
    }
    heldFrom = from;
    heldUntil = to;
    return List.copyOf(held);
  }

  private void append(List<T> rows) {
    held.addAll(rows);
    rowsRead += rows.size();
  }

  /** Forgets what is held: the next read reads its whole range (after a failure, the store is the truth). */
  void forget() {
    held.clear();
    heldFrom = null;
    heldUntil = null;
  }

  /** Rows read from the store so far. */
  long rowsRead() {
    return rowsRead;
  }
}
