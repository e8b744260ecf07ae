package io.persona.streams.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SlidingLogWindowTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  /** A row at a second; {@code whole} false once slimmed for holding. */
  private record Row(int second, boolean whole) {}

  /** A log with rows at the seconds it holds; it records every range it is asked for. */
  private static final class Log {
    final TreeSet<Integer> seconds = new TreeSet<>();
    final List<String> asked = new ArrayList<>();
    boolean failing;

    Log(int from, int to) {
      for (int s = from; s < to; s++) {
        seconds.add(s);
      }
    }

    List<Row> read(Instant from, Instant to) {
      asked.add(seconds(from) + "-" + seconds(to));
      if (failing) {
        throw new IllegalStateException("the store is down");
      }
      List<Row> rows = new ArrayList<>();
      seconds.subSet(seconds(from), seconds(to)).forEach(s -> rows.add(new Row(s, true)));
      return rows;
    }
  }

  private static int seconds(Instant t) {
    return (int) (t.getEpochSecond() - T0.getEpochSecond());
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static List<Integer> secondsOf(List<Row> rows) {
    return rows.stream().map(Row::second).toList();
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> seconds = new ArrayList<>();
    for (int s = from; s < to; s++) {
      seconds.add(s);
    }
    return seconds;
  }

  private final Log log = new Log(0, 1_000);
  private final SlidingLogWindow<Row> window = new SlidingLogWindow<>(log::read, row -> at(row.second()),
      row -> new Row(row.second(), false));

  @Test
  void aWindowThatSlidesForwardReadsOnlyItsNewPart_andReturnsWhatAWholeReadWould() {
    assertEquals(range(0, 180), secondsOf(window.read(at(0), at(180))));
    assertEquals(range(2, 182), secondsOf(window.read(at(2), at(182))));
    assertEquals(range(4, 184), secondsOf(window.read(at(4), at(184))));

    assertEquals(List.of("0-180", "180-182", "182-184"), log.asked);
    assertEquals(184, window.rowsRead());
  }

  @Test
  void theFreshRangeIsReadAgainWhole_theRestIsHeldSlim() {
    window.read(at(0), at(30), at(10), at(12));
    List<Row> rows = window.read(at(2), at(32), at(12), at(14));

    assertEquals(range(2, 32), secondsOf(rows));
    for (Row row : rows) {
      assertEquals(row.second() >= 12 && row.second() < 14, row.whole(), "row " + row.second());
    }
    assertEquals(List.of("0-30", "10-12", "30-32", "12-14"), log.asked);
  }

  @Test
  void aRowDeletedSinceItWasReadIsGoneFromTheFreshRange_aLateOneAppears() {
    log.seconds.remove(17); // written late: not there at the first read
    window.read(at(0), at(30));
    log.seconds.remove(12); // deleted (a user's deletion) after it was read
    log.seconds.add(17);

    List<Integer> rows = secondsOf(window.read(at(2), at(32), at(10), at(20)));

    List<Integer> expected = range(2, 32);
    expected.remove(Integer.valueOf(12));
    assertEquals(expected, rows, "12 is gone, 17 is there");
    // what is held now agrees with the store for the fresh range
    assertEquals(expected.subList(expected.indexOf(4), expected.size()), secondsOf(window.read(at(4), at(32))));
  }

  @Test
  void rowsAtTheEdgesAreNeitherLostNorDoubled() {
    Log ties = new Log(0, 0);
    SlidingLogWindow<Row> tied = new SlidingLogWindow<>(ties::read, row -> at(row.second()), row -> row);
    ties.seconds.add(10);
    ties.seconds.add(20);
    assertEquals(List.of(10), secondsOf(tied.read(at(10), at(20))), "from included, to excluded");
    assertEquals(List.of(10, 20), secondsOf(tied.read(at(10), at(21))), "the row at the old end is read once, now");
    assertEquals(List.of(20), secondsOf(tied.read(at(20), at(21))));
  }

  @Test
  void aWindowThatMovesBackOrJumpsPastWhatIsHeldIsReadWhole() {
    window.read(at(10), at(20));
    assertEquals(range(5, 25), secondsOf(window.read(at(5), at(25))), "starts before what is held");
    assertEquals(range(40, 50), secondsOf(window.read(at(40), at(50))), "a gap after what is held");
    assertEquals(range(41, 45), secondsOf(window.read(at(41), at(45))), "ends before what was read");

    assertEquals(List.of("10-20", "5-25", "40-50", "41-45"), log.asked);
  }

  @Test
  void aFailedReadLeavesTheWindowAsItWas_andForgettingReadsTheWholeRangeAgain() {
    window.read(at(0), at(10));
    log.failing = true;
    assertThrows(IllegalStateException.class, () -> window.read(at(2), at(12), at(2), at(4)));
    log.failing = false;
    assertEquals(range(2, 12), secondsOf(window.read(at(2), at(12))), "as if the failed read never happened");

    window.forget();
    assertEquals(range(3, 13), secondsOf(window.read(at(3), at(13))));
    assertEquals(List.of("0-10", "10-12", "10-12", "3-13"), log.asked);
  }
}
