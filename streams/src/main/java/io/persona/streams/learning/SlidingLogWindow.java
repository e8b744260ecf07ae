package io.persona.streams.learning;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The rows of a time-ordered log (the prediction log, the outcome log) over a window that slides
 * forward, as the example join reads them: each step needs [from, to) with both ends a little later
 * than the step before, so only the part past what the previous read covered is read from the store,
 * and the rows that fell out of the window are dropped. With a 60 s attribution window and a step
 * every 2 s the join needs 180 s of slates and 120 s of outcomes each step: it reads 2 s of each
 * (and the step's own slates once more, see below) instead of all of it again (issue 16, background
 * work that scales with traffic).
 *
 * <p>A row is first read when the step whose horizon covers it runs, which is when the join's
 * contract says the log is complete up to there (the interval's end, plus the attribution window,
 * plus the lateness). Rows are held slimmed ({@code slim}: a slate without its feature vectors, which
 * only the slates of the interval being joined need). The part of the window a step turns into
 * examples, {@code [freshFrom, freshTo)}, is read from the store again, whole and as it is now: a row
 * deleted since it was first read (a user's deletion) does not become an example, and a row written
 * late still does, as when every step read everything. A row written later than the lateness is
 * otherwise not found for another step's context (last-touch attribution). A window that moves back,
 * or starts past what is held, is read whole again.
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
  private final UnaryOperator<T> slim;
  private ArrayDeque<T> held = new ArrayDeque<>();
  private Instant heldFrom; // null: nothing held
  private Instant heldUntil;
  private long rowsRead;

  /** @param slim what of a row is held between steps (the identity to hold it whole) */
  SlidingLogWindow(RangeRead<T> store, Function<T, Instant> timeOf, UnaryOperator<T> slim) {
    this.store = store;
    this.timeOf = timeOf;
    this.slim = slim;
  }

  /** The rows of {@code [from, to)} in (time, id) order, as held. */
  List<T> read(Instant from, Instant to) {
    return read(from, to, to, to);
  }

  /**
   * The rows of {@code [from, to)} in (time, id) order: those of {@code [freshFrom, freshTo)} (within
   * the window) read again from the store, whole; the others as held, slimmed.
   */
  List<T> read(Instant from, Instant to, Instant freshFrom, Instant freshTo) {
    boolean whole = heldFrom == null || from.isBefore(heldFrom) || to.isBefore(heldUntil) || from.isAfter(heldUntil);
    // every store read first: a failing one leaves the window as it was
    List<T> added = whole ? store.read(from, to) : to.isAfter(heldUntil) ? store.read(heldUntil, to) : List.of();
    List<T> fresh = freshFrom.isBefore(freshTo) ? store.read(freshFrom, freshTo) : List.of();
    rowsRead += added.size() + fresh.size();
    if (whole) {
      held.clear();
    }
    while (!held.isEmpty() && timeOf.apply(held.peekFirst()).isBefore(from)) {
      held.pollFirst();
    }
    // every held row is before heldUntil and every added one at or after it: the order holds
    added.forEach(row -> held.addLast(slim.apply(row)));
    heldFrom = from;
    heldUntil = to;
    if (fresh.isEmpty() && !freshFrom.isBefore(freshTo)) {
      return List.copyOf(held);
    }
    // the fresh rows replace the held ones of their range, here and in what is held
    List<T> rows = new ArrayList<>(held.size() + fresh.size());
    ArrayDeque<T> kept = new ArrayDeque<>(held.size() + fresh.size());
    boolean freshPlaced = false;
    for (T row : held) {
      Instant time = timeOf.apply(row);
      if (!time.isBefore(freshFrom) && !freshPlaced) {
        freshPlaced = true;
        place(fresh, rows, kept);
      }
      if (time.isBefore(freshFrom) || !time.isBefore(freshTo)) {
        rows.add(row);
        kept.addLast(row);
      }
    }
    if (!freshPlaced) {
      place(fresh, rows, kept);
    }
    held = kept;
    return Collections.unmodifiableList(rows);
  }

  private void place(List<T> fresh, List<T> rows, ArrayDeque<T> kept) {
    rows.addAll(fresh);
    fresh.forEach(row -> kept.addLast(slim.apply(row)));
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
